"""Automatic platform ARGs used where they are empty (DF301) or frozen by a default (DF302).

BuildKit fills TARGETARCH & co. in the global scope only (for FROM lines). Inside
a stage a name exists only after `ARG TARGETARCH`; before that BuildKit expands
it to "" and the shell of a RUN does not have it in its environment. A default
(`ARG TARGETARCH=amd64`) replaces the automatic value for good.
"""

from __future__ import annotations

from ..engine.findings import Edit, Fix
from ..model.types import EXTRA_AUTOMATIC_ARGS, PLATFORM_ARGS
from ..syntax.ast import Span
from ..syntax.shell_words import find_variable_references
from .problems import PlatformProblem
from .spec import Platform, PlatformError, normalize_arch, normalize_os, parse_platform
from .texts import expanded_texts

ANY = Platform("", "", "")
# BuildKit's newer automatic ARGs (TARGETSTAGE, *OSVERSION) follow the same scoping;
# the undefined-variable rule leaves all automatic names to this one.
AUTOMATIC = frozenset(PLATFORM_ARGS + EXTRA_AUTOMATIC_ARGS)


def _insert_after(doc, from_instruction, text: str) -> Edit:
    """An edit that adds the line `text` right after a FROM instruction."""
    last = from_instruction.span.end_line
    if last < len(doc.lines):
        return Edit(Span(last + 1, 1, last + 1, 1), text + "\n")
    end = len(doc.lines[last - 1]) + 1
    return Edit(Span(last, end, last, end), "\n" + text)


def value_platform(name: str, value: str) -> Platform | None:
    """The platforms a fixed value of a platform ARG builds right for (None: none known)."""
    try:
        if name.endswith("PLATFORM"):
            return parse_platform(value)
        if name.endswith("ARCH"):
            arch, variant = normalize_arch(value, "")
            return Platform("", arch, variant)
        if name.endswith("OS"):
            return Platform(normalize_os(value), "")
    except PlatformError:
        return None
    return ANY


def undeclared_uses(ctx) -> list[PlatformProblem]:
    """DF301: every use of an automatic platform ARG that expands empty in its stage."""
    return ctx.memo("platforms.undeclared", lambda: list(_undeclared(ctx)))


def _undeclared(ctx):
    doc, model = ctx.doc, ctx.model
    global_args = {v.name: v for v in model.global_args}
    for stage in model.stages:
        declared_at = {}
        for ins in stage.instructions:
            if ins.keyword == "ARG":
                for word in ins.args:
                    declared_at.setdefault(word.partition("=")[0], ins)
        for ins in stage.instructions:
            if not _mentions_platform(ins):
                continue
            scope = model.scope(ins)
            # `ARG TARGETARCH X=$TARGETARCH`: the names an ARG declares count for its own values.
            declared_here = {w.partition("=")[0] for w in ins.args} if ins.keyword == "ARG" else set()
            for piece in expanded_texts(doc, ins):
                if "TARGET" not in piece.text and "BUILD" not in piece.text:
                    continue
                for ref in find_variable_references(piece.text, doc.escape):
                    name = ref.name
                    if name not in AUTOMATIC or name in scope or name in declared_here:
                        continue
                    expression = piece.text[ref.start : ref.end]
                    yield _problem(ctx, stage, ins, piece, ref, expression, declared_at, global_args)


def _mentions_platform(ins) -> bool:
    """A cheap test first: every platform ARG name holds TARGET or BUILD."""
    original = ins.original
    if "TARGET" in original or "BUILD" in original:
        return True
    return any("TARGET" in h.body or "BUILD" in h.body for h in ins.heredocs)


def _problem(ctx, stage, ins, piece, ref, expression, declared_at, global_args) -> PlatformProblem:
    name = ref.name
    where = f"stage '{stage.label}'"
    if name in global_args and global_args[name].instruction is not None:
        line = global_args[name].instruction.span.line
        why = f"`ARG {name}` on line {line} is before the first FROM and does not reach inside {where}"
    else:
        why = f"{where} never declares `ARG {name}`"
    later = declared_at.get(name)
    if later is not None and later.span.line > ins.span.line:
        why = f"{where} declares `ARG {name}` only on line {later.span.line}, after this use"
    runtime = piece.kind == "shell"
    works_on = None
    severity = None
    if ref.has_default:
        default = expression[expression.index(ref.operator) + len(ref.operator) : -1] if expression.startswith("${") else ""
        platform = value_platform(name, default) if default and "$" not in default else None
        works_on = (platform,) if platform is not None else None
        severity = "info"
        message = (
            f"{expression} always takes its default: {why}, so {name} is unset and every platform gets "
            f"{default!r}; add `ARG {name}` to the stage to follow --platform"
        )
    elif runtime:
        message = (
            f"${name} is empty here: {why}, so the RUN shell has no {name} in its environment; "
            f"add `ARG {name}` after the stage's FROM"
        )
    else:
        message = f"${name} expands to an empty string here: {why}; add `ARG {name}` after the stage's FROM"
    # Every use carries the same insertion: the fixer applies one and drops the
    # others as overlapping, so a suppressed or unselected use never loses the fix.
    fix = Fix(f"declare `ARG {name}` in stage '{stage.label}'", (_insert_after(ctx.doc, stage.from_instruction, f"ARG {name}"),))
    return PlatformProblem(
        "DF301", piece.locate(ref.start, ref.end), message, stage=stage.index, works_on=works_on,
        severity=severity, fix=fix, data={"variable": name},
    )


def frozen_defaults(ctx) -> list[PlatformProblem]:
    """DF302: `ARG TARGETPLATFORM=...` and friends, globally or in a stage."""
    return ctx.memo("platforms.frozen", lambda: list(_frozen(ctx)))


def _frozen(ctx):
    for ins in ctx.doc.instructions:
        if ins.keyword != "ARG":
            continue
        stage = ctx.model.stage_of.get(ins.index)
        for index, word in enumerate(ins.args):
            name, eq, value = word.partition("=")
            if not eq or name not in PLATFORM_ARGS:
                continue
            span = ins.arg_spans[index] if index < len(ins.arg_spans) and ins.arg_spans[index] else ins.span
            scope = "before the first FROM" if stage is None else f"in stage '{stage.label}'"
            machine = "the build machine" if name.startswith("BUILD") else "every platform"
            message = (
                f"`ARG {word}` {scope} freezes {name}: BuildKit no longer fills it in and `--platform` "
                f"never changes it, so {machine} is taken to be {value!r}; declare `ARG {name}` without a value"
            )
            platform = ANY if name.startswith("BUILD") else value_platform(name, value.strip("'\""))
            yield PlatformProblem(
                "DF302", span, message, stage=stage.index if stage else None,
                works_on=(platform,) if platform is not None else None, data={"variable": name},
            )
