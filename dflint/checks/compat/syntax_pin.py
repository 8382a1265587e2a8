"""The `# syntax` pin against what the file uses.

DF203: a docker/dockerfile pin too old for a feature, or a stable pin for a
labs-only feature. DF204: a `# syntax` value BuildKit cannot resolve
(malformed) or whose features dflint cannot know (another frontend image, a
digest-only pin). DF205: no pin while a BuildKit target's built-in frontend is
too old; the fix inserts the pin the features need.
"""

from __future__ import annotations

from ...compat import features_of
from ...compat.predict import predict, requirement_text, requires_data, syntax_pin
from ...compat.requirements import file_needs
from ...engine.findings import Edit, Fix, Issue
from ...engine.registry import check
from ...syntax.ast import Span

_PIN_FEATURES_SKIPPED = frozenset(("syntax-directive",))


def _honouring_targets(ctx):
    """Targets on which the pin decides the frontend ("buildkit" when none were given)."""
    from ...knowledge.targets import parse_target

    targets = ctx.options.targets
    if not targets:
        return [parse_target("buildkit")]
    return [t for t in targets if t.honours_syntax_directive]


@check("DF203")
def syntax_too_old(ctx):
    pin = syntax_pin(ctx.doc)
    if pin is None or pin.frontend is None:
        return
    targets = _honouring_targets(ctx)
    if not targets:
        return  # no target reads the pin; DF201 says what they do instead
    from ...knowledge.features import feature

    uses = [
        u for u in features_of(ctx)
        if u.feature not in _PIN_FEATURES_SKIPPED and not feature(u.feature).available_in(pin.frontend)
    ]  # fmt: skip
    directive = ctx.doc.directives["syntax"]
    for p in predict(uses, targets[0], pin, ctx.doc):
        info = feature(p.use.feature)
        requires = p.outcome.requires
        if requires.labs and not pin.frontend.is_preview:
            wanted = f"docker/dockerfile:{requires.labs_frontend}"
            reason = f"`# syntax={directive.value}` is the stable channel, but {info.title} is only in the labs channel"
        elif requires.labs:
            wanted = f"docker/dockerfile:{requires.labs_frontend}"
            reason = f"`# syntax={directive.value}` is older than {info.title} ({requirement_text(requires)})"
        else:
            wanted = f"docker/dockerfile:{requires.frontend}"
            reason = f"`# syntax={directive.value}` is older than {info.title} (needs {requirement_text(requires)})"
        if p.outcome.kind == "error":
            does = f"BuildKit fails: “{p.message}”" if p.outcome.exact else f"BuildKit fails: {p.message}"
        else:
            does = f"BuildKit ignores it: {p.message}"
        data = {"feature": p.use.feature, "requires": requires_data(requires)}
        if ctx.options.targets:
            data["target"] = targets[0].name
        yield Issue(p.use.span, f"{reason}; {does}; pin `{wanted}` or newer", severity=p.severity, data=data)


@check("DF204")
def unknown_syntax(ctx):
    directive = ctx.doc.directives.get("syntax")
    if directive is None or (ctx.options.targets and not _honouring_targets(ctx)):
        return
    pin = syntax_pin(ctx.doc)
    if pin.kind == "malformed":
        yield Issue(
            directive.value_span,
            f"`# syntax={directive.value}` names no frontend BuildKit can pull ({pin.reason}): the build fails before reading the file",
            severity="error",
        )
    elif pin.kind == "foreign":
        yield Issue(
            directive.value_span,
            f"`{pin.image}` is not docker/dockerfile: dflint cannot tell which Dockerfile features that frontend supports",
            severity="info",
        )
    elif pin.frontend is None:
        yield Issue(
            directive.value_span,
            f"`{pin.image}` is {pin.reason}; add the tag as well (`docker/dockerfile:1.N@sha256:…`)",
            severity="info",
        )


@check("DF205")
def missing_syntax_pin(ctx):
    if "syntax" in ctx.doc.directives:
        return
    uses = [u for u in features_of(ctx) if u.feature not in _PIN_FEATURES_SKIPPED]
    if not uses:
        return
    fix_given = False
    for target in ctx.options.targets:
        if not target.honours_syntax_directive or target.builtin_frontend is None:
            continue
        failing = [p for p in predict(uses, target, None, ctx.doc) if p.outcome.kind in ("error", "ignored")]
        needs = file_needs([p.use for p in failing])
        wanted = needs.pin if needs is not None else None
        if wanted is None:
            continue
        fixed = {p.use.feature for p in predict([p.use for p in failing], target, f"docker/dockerfile:{wanted}", ctx.doc)}
        helped = [p for p in failing if p.use.feature not in fixed]
        if not helped:
            continue
        names = ", ".join(dict.fromkeys(f"{_title(p.use.feature)} (line {p.use.line})" for p in helped))
        line = f"# syntax=docker/dockerfile:{wanted}"
        fix = None
        if not fix_given:
            fix = Fix(f"insert `{line}` as the first line", (Edit(Span(1, 1, 1, 1), line + "\n"),), safety="safe")
            fix_given = True
        message = (
            f"No `# syntax` line: {target.name} parses with its built-in frontend {target.builtin_frontend}, "
            f"too old for {names}; add `{line}` as the first line"
        )
        first = helped[0]
        data = {"target": target.name, "requires": requires_data(first.outcome.requires), "pin": wanted}
        severity = "error" if any(p.severity == "error" for p in helped) else "warning"
        yield Issue(first.use.span, message, fix=fix, severity=severity, data=data)


def _title(feature_id: str) -> str:
    from ...knowledge.features import feature

    return feature(feature_id).title
