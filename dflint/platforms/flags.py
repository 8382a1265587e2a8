"""`FROM --platform` values that cannot work (DF303), and platform ARGs on builders
that never set them (DF304).

Both end in the same containerd error: BuildKit and the classic builder parse the
expanded value with `platforms.Parse` and fail with
`failed to parse platform <value>: <reason>`.
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


def sets_platform_args(target) -> bool:
    """Whether a builder fills in TARGETARCH & co. (the classic builder never does)."""
    explicit = getattr(target, "sets_platform_args", None)
    if explicit is not None:
        return bool(explicit)
    return getattr(target, "kind", None) != "legacy"


def classic_builder_problems(ctx) -> list[PlatformProblem]:
    """DF304: platform ARGs the chosen builders leave empty."""
    targets = [t for t in getattr(ctx.options, "targets", ()) if not sets_platform_args(t)]
    if not targets:
        return []
    return ctx.memo("platforms.classic", lambda: [p for t in targets for p in _classic(ctx, t)])


def _classic(ctx, target):
    label, name = target_label(target), target_name(target)
    escape = ctx.doc.escape
    # Kaniko ignores FROM --platform altogether; the classic builder parses it.
    honours_platform_flag = getattr(target, "kind", None) not in ("kaniko", "kaniko-oss")
    for stage in ctx.model.stages:
        ins = stage.from_instruction
        flag = ins.flag("platform")
        if flag is not None and flag.value and honours_platform_flag:
            names = {r.name for r in find_variable_references(flag.value, escape)} & set(PLATFORM_ARGS)
            if names:
                text, _ = expand_platform_value(flag.value, ctx)
                empty = _expand(text, {}, escape)
                if empty is not None:
                    try:
                        parse_platform(empty)
                    except PlatformError as e:
                        yield PlatformProblem(
                            "DF304", flag.span,
                            f"{label} never sets the automatic platform ARGs: --platform={flag.value} expands to "
                            f"{empty!r} and the build fails with `failed to parse platform {empty}: {e}`",
                            stage=stage.index, severity="error", target=name, data={"target": name},
                        )
        if ins.args:
            names = sorted({r.name for r in find_variable_references(ins.args[0], escape)} & set(PLATFORM_ARGS))
            global_defaults = {v.name for v in ctx.model.global_args if v.value is not None}
            names = [n for n in names if n not in global_defaults]
            if names:
                yield PlatformProblem(
                    "DF304", ins.arg_spans[0] or ins.span,
                    f"{label} never sets the automatic platform ARGs: {', '.join('$' + n for n in names)} in the "
                    f"image name expands to an empty string, so this FROM names another image or none",
                    stage=stage.index, severity="error", target=name, data={"target": name},
                )
        for child in stage.instructions:
            if child.keyword != "ARG":
                continue
            for index, word in enumerate(child.args):
                if "=" in word or word not in PLATFORM_ARGS:
                    continue
                yield PlatformProblem(
                    "DF304", child.arg_spans[index] or child.span,
                    f"{label} never sets the automatic platform ARGs: `ARG {word}` stays empty, so every "
                    f"use of ${word} in stage '{stage.label}' gets an empty string (pass it with --build-arg, "
                    f"or build with BuildKit)",
                    stage=stage.index, severity="error", target=name, data={"target": name},
                )
