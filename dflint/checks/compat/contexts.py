"""Names used as build sources that are no stage and no pullable image.

DF206: `FROM x`, `COPY --from=x`, `RUN --mount=from=x` where `x` can only be a
named build context (see dflint.compat.contexts for the heuristic): it builds
only with `--build-context x=…`. DF207: such a name one edit away from a stage
name, which is much more likely a typo of that stage.
"""

from __future__ import annotations

from ...compat.contexts import context_references
from ...compat.spans import tail
from ...engine.findings import Edit, Fix, Issue
from ...engine.registry import check

_VIA = {"from": "FROM {}", "copy-from": "COPY --from={}", "mount-from": "RUN --mount=from={}"}


def _refs(ctx):
    return ctx.memo("compat.context-references", lambda: context_references(ctx.model))


@check("DF206")
def named_build_context(ctx):
    for found in _refs(ctx):
        if found.typo_of is not None:
            continue
        ref = found.reference
        name = ref.name
        yield Issue(
            ref.span,
            f"`{_VIA[ref.via].format(name)}`: `{name}` is neither a stage of this file nor an official image, "
            f"so it only builds as a named build context: `docker buildx build --build-context {name}=<dir|docker-image://…|git URL>` "
            f"(BuildKit frontend ≥ 1.4, Buildah ≥ 1.27); add a stage `FROM scratch AS {name}` before its first use "
            "if the file should also build without it",
            data={"requires": {"frontend": "1.4", "labs": False, "buildkit": True}, "context": name},
        )


@check("DF207")
def stage_name_typo(ctx):
    for found in _refs(ctx):
        stage = found.typo_of
        if stage is None:
            continue
        ref = found.reference
        name = ref.name
        span = _name_span(ref)
        fix = None
        if span is not ref.span or ref.via == "from":
            fix = Fix(f"use stage `{stage.name_as_written}`", (Edit(span, stage.name_as_written),), safety="unsafe")
        yield Issue(
            span,
            f"`{name}` is no stage; did you mean `{stage.name_as_written}` (line {stage.from_instruction.span.line})? "
            f"As written, the builder pulls the image docker.io/library/{name}, which does not exist",
            fix=fix,
        )


def _name_span(ref):
    """The span of the name alone (a `--from=` flag or a mount value holds more text)."""
    ins = ref.instruction.command
    if ref.via == "copy-from":
        flag = ins.flag("from")
        return tail(flag.span, flag.raw, ref.name) if flag is not None else ref.span
    if ref.via == "mount-from":
        for flag in ins.flags_named("mount"):
            if flag.span == ref.span:
                marker = f"from={ref.name}"
                at = flag.raw.find(marker)
                if at >= 0:
                    from ...compat.spans import inside

                    start = at + len("from=")
                    return inside(flag.span, len(flag.raw), start, start + len(ref.name))
        return ref.span
    return ref.span
