"""InvalidDefinitionDescription (experimental in BuildKit, off by default).

A comment right above `ARG name` or `FROM … AS name` is taken as the definition's
description (shown by `docker buildx build --call outline`) and must start with
the name. BuildKit looks at the last line of the comment block (a bare `#` line
starts a new block) and compares its first space-separated word with each name.
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check


def _defined_names(ins) -> list[str]:
    if ins.keyword == "ARG":
        return [word.partition("=")[0] for word in ins.args]
    if ins.keyword == "FROM" and len(ins.args) == 3:
        return [ins.args[2].lower()]
    return []


@check("DF119")
def invalid_definition_description(ctx):
    for ins in ctx.doc.instructions:
        names = _defined_names(ins)
        if not names or not ins.comments:
            continue
        first_word = ins.comments[-1].split(" ")[0]
        if first_word in names:
            continue
        example = names[0] if len(names) == 1 else "<arg_key>"
        yield Issue(
            ins.keyword_span,
            f"Comment for {ins.keyword} should follow the format: `# {example} <description>`",
        )
