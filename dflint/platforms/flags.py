"""`FROM --platform` values that cannot work (DF303).

BuildKit and the classic builder parse the expanded value with containerd's
`platforms.Parse` and fail with `failed to parse platform <value>: <reason>`.
(Builders that never set the platform ARGs are the compatibility rule DF201's:
the knowledge base says what each one does.)
"""

from __future__ import annotations

from ..model.types import EXTRA_AUTOMATIC_ARGS, PLATFORM_ARGS
from ..syntax.shell_words import Lexer, ShellWordError, find_variable_references
from .problems import PlatformProblem
from .spec import PlatformError, parse_platform, unknown_components
from .stages import expand_platform_value

# Stand-ins for the automatic ARGs when checking that a value parses; the
# variants are empty as they are for amd64 and arm64, the common cases.
_SAMPLE = {
    "BUILDPLATFORM": "linux/amd64", "BUILDOS": "linux", "BUILDARCH": "amd64", "BUILDVARIANT": "",
    "TARGETPLATFORM": "linux/arm64", "TARGETOS": "linux", "TARGETARCH": "arm64", "TARGETVARIANT": "",
}  # fmt: skip
_AUTOMATIC = frozenset(PLATFORM_ARGS + EXTRA_AUTOMATIC_ARGS)


def _expand(value: str, env: dict, escape: str) -> str | None:
    try:
        return Lexer(escape).process_word(value, env)
    except ShellWordError:
        return None


def invalid_platform_flags(ctx) -> list[PlatformProblem]:
    """DF303: a --platform that containerd refuses, names no real platform or uses an undefined variable."""
    return ctx.memo("platforms.invalid_flags", lambda: list(_invalid(ctx)))


def _invalid(ctx):
    escape = ctx.doc.escape
    global_names = {v.name for v in ctx.model.global_args}
    build_args = getattr(ctx.options, "build_args", None) or {}
    for stage in ctx.model.stages:
        flag = stage.from_instruction.flag("platform")
        if flag is None or not flag.value:
            continue
        if stage.base_stage is not None:
            continue  # ignored on a stage reference; another rule's business
        value = flag.value
        names = {r.name for r in find_variable_references(value, escape)}
        undefined = sorted(n for n in names if n not in _AUTOMATIC and n not in global_names and n not in build_args)
        text, left = expand_platform_value(value, ctx)
        if undefined:
            # The undefined name itself is UndefinedArgInFrom's (DF109); this rule says
            # when it breaks the platform, i.e. when the build fails.
            shown = _expand(value, {**_SAMPLE, **{n: "" for n in undefined}}, escape)
            if shown is None:
                continue
            try:
                parse_platform(shown)
            except PlatformError as e:
                yield PlatformProblem(
                    "DF303", flag.span,
                    f"--platform={value} uses {', '.join('$' + n for n in undefined)}, which is not a global ARG "
                    f"(declare it before the first FROM): it expands to an empty string and the build fails "
                    f"with `failed to parse platform {shown}: {e}`",
                    stage=stage.index, data={"platform": value},
                )
            continue
        if left - _AUTOMATIC:
            continue  # a global ARG without a default: known only at build time
        sample = _expand(text, _SAMPLE, escape) if left else text
        if sample is None:
            continue
        try:
            platform = parse_platform(sample)
        except PlatformError as e:
            when = " when the variant is empty (as for amd64 and arm64)" if left else ""
            yield PlatformProblem(
                "DF303", flag.span,
                f"--platform={value} is not a platform{when}: the build fails with "
                f"`failed to parse platform {sample}: {e}`",
                stage=stage.index, data={"platform": value},
            )
            continue
        unknown = unknown_components(platform) if not left else []
        if unknown:
            yield PlatformProblem(
                "DF303", flag.span,
                f"--platform={value} names no platform images are published for ({', '.join(unknown)}): "
                f"containerd parses it, but no base image will match",
                stage=stage.index, severity="warning", data={"platform": value},
            )


def target_label(target) -> str:
    """How messages name a builder ("Docker Engine 20.10 classic builder")."""
    return str(getattr(target, "display_name", None) or getattr(target, "label", None) or target)


def target_name(target) -> str:
    """The target as the user writes it ("legacy:20.10"), for the JSON output."""
    return str(getattr(target, "name", None) or getattr(target, "label", None) or target)


