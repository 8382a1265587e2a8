"""Is this Dockerfile meant to be built for several platforms, and which ones?

`dflint check --platform a,b` says so explicitly. Without it the Dockerfile's
own signals decide: a stage on `$BUILDPLATFORM` (the cross-compilation split),
a reference to or declaration of an automatic platform ARG, or the `xx`
cross-compilation helpers. Each signal is kept with its line so that tools can
explain the verdict.
"""

from __future__ import annotations

from ..model.types import PLATFORM_ARGS
from ..records import named_tuple
from ..syntax.shell_words import find_variable_references
from .spec import Platform, PlatformError, parse_platform


@named_tuple
class Intent:
    """`platforms`: the normalised --platform values (empty when none were given);
    `multi`: meant for more than one platform; `signals`: (line, reason) evidence."""

    platforms: tuple[Platform, ...]
    multi: bool
    signals: tuple[tuple[int, str], ...]


def requested_platforms(values) -> tuple[tuple[Platform, ...], tuple[str, ...]]:
    """Normalised, de-duplicated platforms from what the user typed, and the invalid ones.

    Accepts comma-separated items too (`linux/amd64,linux/arm64` in one string).
    """
    platforms: list[Platform] = []
    invalid: list[str] = []
    for value in values or ():
        for item in str(value).split(","):
            item = item.strip()
            if not item:
                continue
            try:
                platform = parse_platform(item)
            except PlatformError:
                invalid.append(item)
                continue
            if all(p.key != platform.key for p in platforms):
                platforms.append(platform)
    return tuple(platforms), tuple(invalid)


def dockerfile_signals(ctx) -> tuple[tuple[int, str], ...]:
    """Lines of the Dockerfile that only make sense for a multi-platform build."""

    def compute():
        signals: list[tuple[int, str]] = []
        escape = ctx.doc.escape
        for ins in ctx.doc.instructions:
            if ins.keyword == "FROM":
                flag = ins.flag("platform")
                if flag is not None and flag.value and "BUILDPLATFORM" in flag.value:
                    signals.append((ins.span.line, "a stage runs on $BUILDPLATFORM (cross-compilation)"))
                    continue
            if "tonistiigi/xx" in ins.original:
                signals.append((ins.span.line, "uses the tonistiigi/xx cross-compilation helpers"))
                continue
            if ins.keyword == "ARG":
                names = [w.partition("=")[0] for w in ins.args if w.partition("=")[0] in PLATFORM_ARGS]
                if names:
                    signals.append((ins.span.line, f"declares ARG {' '.join(names)}"))
                continue
            if "TARGET" not in ins.original and "BUILD" not in ins.original and not ins.heredocs:
                continue  # every platform ARG name holds one of these
            names = sorted({r.name for r in find_variable_references(ins.original, escape) if r.name in PLATFORM_ARGS})
            names += sorted(
                {r.name for h in ins.heredocs for r in find_variable_references(h.body, escape) if r.name in PLATFORM_ARGS}
                - set(names)
            )
            if names:
                signals.append((ins.span.line, f"uses {', '.join('$' + n for n in names)}"))
        return tuple(signals)

    return ctx.memo("platforms.signals", compute)


def intent(ctx) -> Intent:
    """What the build is meant for, from the options or the Dockerfile."""

    def compute():
        platforms, _ = requested_platforms(getattr(ctx.options, "platforms", ()))
        signals = dockerfile_signals(ctx)
        if platforms:
            return Intent(platforms, len(platforms) > 1, signals)
        return Intent((), bool(signals), signals)

    return ctx.memo("platforms.intent", compute)


def is_multi_platform(ctx) -> bool:
    return intent(ctx).multi
