"""Which platform each stage builds for: the target, the build machine, or a fixed one.

A stage without `--platform` (or with `--platform=$TARGETPLATFORM`) builds for
the target platform. `--platform=$BUILDPLATFORM` makes it run natively on the
build machine (the cross-compilation pattern). A constant pins it. A stage whose
FROM names another stage inherits that stage's platform: BuildKit ignores
`--platform` there (docker/buildx#3034).
"""

from __future__ import annotations

from ..model.types import PLATFORM_ARGS
from ..records import named_tuple
from .spec import Platform, PlatformError, parse_platform

BUILD_ARGS = frozenset(a for a in PLATFORM_ARGS if a.startswith("BUILD"))
TARGET_ARGS = frozenset(a for a in PLATFORM_ARGS if a.startswith("TARGET"))
# The automatic ARGs that say what the image is for; BUILD* describe the build machine.
TARGET_SELECTORS = frozenset({"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT"})


@named_tuple
class StagePlatform:
    """`role` is "target", "build", "pinned" (to `platform`) or "unknown" (a variable
    without a value at lint time, or a value containerd refuses)."""

    role: str
    platform: Platform | None = None
    value: str | None = None  # the expanded --platform value, when there is one


TARGET = StagePlatform("target")


def expand_platform_value(value: str, ctx) -> tuple[str, set[str]]:
    """The --platform value with global ARG defaults and build args filled in, and the
    names left unexpanded (automatic platform ARGs, or ARGs without a value)."""
    from ..syntax.shell_words import Lexer, ShellWordError, find_variable_references

    env = {v.name: v.value for v in ctx.model.global_args if v.value is not None}
    for name in PLATFORM_ARGS:
        env.pop(name, None)  # BuildKit fills these, unless a default freezes them (DF302)
    frozen = {v.name: v.value for v in ctx.model.global_args if v.name in PLATFORM_ARGS and v.value is not None}
    env.update(frozen)
    env.update(getattr(ctx.options, "build_args", None) or {})
    lexer = Lexer(ctx.doc.escape, skip_unset_env=True)
    text = value
    for _ in range(3):  # a default may itself name an ARG
        try:
            expanded = lexer.process_word(text, env)
        except ShellWordError:
            break
        if expanded == text:
            break
        text = expanded
    return text, {r.name for r in find_variable_references(text, ctx.doc.escape)}


def classify_platform_value(value: str, ctx) -> StagePlatform:
    text, names = expand_platform_value(value, ctx)
    if names:
        if names <= BUILD_ARGS:
            return StagePlatform("build", value=text)
        if names <= TARGET_ARGS:
            return StagePlatform("target", value=text)
        return StagePlatform("unknown", value=text)
    try:
        return StagePlatform("pinned", parse_platform(text), text)
    except PlatformError:
        return StagePlatform("unknown", value=text)


def stage_platforms(ctx) -> dict[int, StagePlatform]:
    """Stage index -> StagePlatform, computed once per file."""

    def compute():
        out: dict[int, StagePlatform] = {}
        for stage in ctx.model.stages:
            if stage.base_stage is not None and stage.base_stage.index in out:
                out[stage.index] = out[stage.base_stage.index]
            elif stage.platform:
                out[stage.index] = classify_platform_value(stage.platform, ctx)
            else:
                out[stage.index] = TARGET
        return out

    return ctx.memo("platforms.stage_platforms", compute)


def chain(stage) -> list:
    """The stage and the stages it is built FROM, nearest first."""
    out = [stage]
    while out[-1].base_stage is not None and out[-1].base_stage not in out:
        out.append(out[-1].base_stage)
    return out


def needed_stages(ctx) -> set[int]:
    """Indexes of the stages the default target (the last stage) needs."""

    def compute():
        stages = ctx.model.stages
        if not stages:
            return set()
        uses: dict[int, set[int]] = {}
        for ref in ctx.model.references:
            if ref.stage is not None and ref.target is not None:
                uses.setdefault(ref.stage.index, set()).add(ref.target.index)
        seen: set[int] = set()
        todo = [stages[-1].index]
        while todo:
            index = todo.pop()
            if index not in seen:
                seen.add(index)
                todo.extend(uses.get(index, ()))
        return seen

    return ctx.memo("platforms.needed_stages", compute)
