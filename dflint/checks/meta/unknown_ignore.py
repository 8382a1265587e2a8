"""DF901: a suppression comment names a rule that does not exist.

A typo in `# dflint ignore=`, `# hadolint ignore=` or `# check=skip=` silences
nothing, and nobody notices. hadolint codes (DLxxxx, SCxxxx) that dflint has no
rule for are accepted silently: the comment is there for hadolint. BuildKit rule
names in `check=` are matched case-sensitively, as BuildKit does.
"""

from __future__ import annotations

from ...engine.catalog import catalog
from ...engine.findings import Issue
from ...engine.registry import check
from ...engine.suppress import (
    comment_lines,
    instruction_check_comments,
    parse_pragma,
    resolve_key,
)
from ...syntax.ast import Span
from ...syntax.suggest import closest

# BuildKit's rule without a dflint rule (it needs the pulled base image).
BUILDKIT_ONLY_RULES = ("InvalidBaseImagePlatform",)


def _buildkit_names(cat) -> list[str]:
    return sorted({r.buildkit_check for r in cat if r.buildkit_check} | set(BUILDKIT_ONLY_RULES))


def _check_names(value: str):
    """(name, offset in value) of the rule names in `skip=`/`experimental=` parts."""
    offset = 0
    for part in value.split(";", 2):
        key, eq, val = part.partition("=")
        if eq and key.strip() in ("skip", "experimental") and val.strip() != "all":
            start = offset + len(key) + 1
            for name in val.split(","):
                stripped = name.strip()
                if stripped:
                    yield stripped, start + name.index(stripped)
                start += len(name) + 1
        offset += len(part) + 1


def _check_values(doc):
    """(value, line, column of the value) of the `check=` directive and per-instruction comments."""
    directive = doc.directives.get("check")
    if directive is not None:
        yield directive.value, directive.value_span.line, directive.value_span.column
    previous_end = 0
    for ins in doc.instructions:
        for comment in instruction_check_comments(doc, ins, previous_end):
            yield comment.value, comment.line, comment.column
        previous_end = ins.span.end_line


@check("DF901")
def unknown_rule_in_ignore(ctx):
    cat = catalog()
    doc = ctx.doc
    everything = None  # every key a pragma may use, listed only for a hint
    for number, text in comment_lines(doc):
        if "ignore" not in text.lower():
            continue
        pragma = parse_pragma(text, number)
        if pragma is None:
            continue
        for key, start, end in pragma.keys:
            if resolve_key(cat, key) is not None:
                continue
            if everything is None:
                everything = [k for r in cat for k in (r.id, r.name, *r.aliases)]
            hint = closest(key, everything)
            message = f"'{key}' in this {pragma.tool} ignore comment names no rule"
            yield Issue(Span(number, start, number, end), message + (f" (did you mean {hint}?)" if hint else ""))
    names = _buildkit_names(cat)
    for value, line, column in _check_values(doc):
        for name, offset in _check_names(value):
            if name in names:
                continue
            hint = closest(name, names)
            message = f"'{name}' in check= is not a BuildKit check name (they are case-sensitive)"
            start = column + offset
            yield Issue(
                Span(line, start, line, start + len(name)),
                message + (f"; did you mean {hint}?" if hint else ""),
            )
