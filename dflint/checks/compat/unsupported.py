"""Features a target builder fails on or silently drops (DF201), and, without a
target, what the file needs from its builder (DF202).

One DF201 finding per feature use per target: an error when that builder fails
the build (with the builder's own message), a warning when it builds but drops
or changes the feature. Pins that are too old are DF203's job, not repeated here.
"""

from __future__ import annotations

from ...compat import features_of
from ...compat.predict import predict, requirement_text, requires_data, syntax_pin
from ...engine.findings import Issue
from ...engine.registry import check
from .downlevel import needs_rewrite, never_rewritten_note, rewrite_for

# Reported by other rules: the pin itself (DF203–DF205).
_NOT_HERE = frozenset(("syntax-directive",))


def _pin_too_old(feature_id: str, target, pin) -> bool:
    """The target would run the pinned frontend, which lacks the feature: DF203 reports it."""
    from ...knowledge.features import feature

    return (
        pin is not None
        and pin.frontend is not None
        and target.honours_syntax_directive
        and not feature(feature_id).available_in(pin.frontend)
    )


@check("DF201")
def unsupported_feature(ctx):
    targets = ctx.options.targets
    if not targets:
        return
    uses = [u for u in features_of(ctx) if u.feature not in _NOT_HERE]
    if not uses:
        return
    pin = syntax_pin(ctx.doc)
    rewrites: dict[int, tuple] = {}  # one rewrite per use, shared by every target that needs it
    for target in targets:
        relevant = [u for u in uses if not _pin_too_old(u.feature, target, pin)]
        for p in predict(relevant, target, pin, ctx.doc):
            fix, why_not = None, None
            if p.outcome.kind in ("error", "ignored") and needs_rewrite(target):
                if id(p.use) not in rewrites:
                    rewrites[id(p.use)] = rewrite_for(ctx, p.use)
                fix, why_not = rewrites[id(p.use)]
            message = _message(p, pin, why_not)
            yield Issue(p.use.span, message, severity=_severity(p), data=_data(p), fix=fix)


def _severity(p) -> str:
    # Without named contexts the name is pulled as docker.io/library/<name>, which
    # (by the detection's definition) is no official image: the pull fails.
    if p.use.feature == "named-context" and p.outcome.kind == "ignored":
        return "error"
    return p.severity


def _message(p, pin, why_not: str | None = None) -> str:
    from ...knowledge.features import feature

    info = feature(p.use.feature)
    needs = requirement_text(p.outcome.requires)
    head = f"{info.title} needs {needs}"
    note = never_rewritten_note(p.use.feature) if p.outcome.kind == "error" else None
    if note or why_not:
        head += f" ({note or 'not rewritten: ' + why_not})"
    target = p.target.name
    if p.use.feature == "named-context" and p.outcome.kind == "ignored":
        what = (
            f"{target} has no named build contexts, so `{p.use.detail}` is pulled as the image "
            f"docker.io/library/{p.use.detail}, which is no official image: the build fails"
        )
    elif p.outcome.kind == "error":
        what = f"{target} fails: {_quote(p)}"
    elif p.outcome.kind == "ignored":
        what = f"{target} builds but ignores it: {p.message}"
    else:
        what = f"dflint has no record of what {target} does with it ({p.message})"
    if pin is not None and not p.target.honours_syntax_directive and p.target.frontend_override is None:
        what += f" (the `# syntax` line does not help: {target} ignores it)"
    return f"{head}; {what}"


def _quote(p) -> str:
    return f"“{p.message}”" if p.outcome.exact else p.message


def _data(p) -> dict:
    return {"target": p.target.name, "feature": p.use.feature, "requires": requires_data(p.outcome.requires)}


@check("DF202")
def feature_requirements(ctx):
    """Without --target and without a `# syntax` pin: what the builder must provide."""
    if ctx.options.targets or "syntax" in ctx.doc.directives:
        return
    from ...compat.requirements import file_needs

    needs = file_needs([u for u in features_of(ctx) if u.feature not in _NOT_HERE])
    if needs is None:
        return
    listed = ", ".join(f"{_title(u.feature)} (line {u.line})" for u in _distinct(needs.because)[:4])
    message = f"This Dockerfile needs {needs.text()}: {listed}"
    if needs.pin is not None:
        hint = "" if needs.labs else _engine_hint(needs.frontend)
        message += (
            f"; with no `# syntax` line that must be the builder's built-in frontend{hint}, "
            f"or pin `# syntax=docker/dockerfile:{needs.pin}`"
        )
    if needs.buildkit:
        message += "; the classic builder (DOCKER_BUILDKIT=0) cannot build it as written"
    if needs.entitlements:
        message += "; the build also needs " + ", ".join(f"`--allow {name}`" for name in needs.entitlements)
    yield Issue(needs.because[0].span, message, data={"requires": needs.data()})


def _distinct(uses):
    seen, out = set(), []
    for use in uses:
        if use.feature not in seen:
            seen.add(use.feature)
            out.append(use)
    return out


def _title(feature_id: str) -> str:
    from ...knowledge.features import feature

    return feature(feature_id).title


def _engine_hint(frontend: str) -> str:
    """" (Docker Engine ≥ 23.0)": the first Engine whose built-in frontend has `frontend`."""
    from ...knowledge.data import load_raw
    from ...knowledge.versions import Version

    wanted = Version.parse(frontend, floating=False)
    for row in load_raw()["engines"]["engine"]:
        if Version.parse(row["frontend"], floating=False) >= wanted:
            return f" (Docker Engine ≥ {row['version'].removesuffix('.0')})"
    return ""
