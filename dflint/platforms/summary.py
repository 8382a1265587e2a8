"""Which platforms a Dockerfile builds a right image for, as written, and why not for others.

Every platform problem (the DF3xx analyses plus the facts no rule reports, such
as a final stage pinned to one platform) says which platforms it is right for.
The summary asks, for each candidate platform, which problems of the stages the
final image needs break it. `dflint features` prints it.
"""

from __future__ import annotations


from ..records import Record
from ..syntax.ast import Document
from .intent import intent, requested_platforms
from .problems import PlatformProblem
from .spec import Platform, host_platform, parse_platform
from .stages import needed_stages, stage_platforms

DEFAULT_CANDIDATES = ("linux/amd64", "linux/arm64")


class PlatformVerdict(Record):
    platform: Platform
    problems: list[PlatformProblem]

    __slots__ = ("platform", "problems")

    def __init__(self, platform: Platform, problems: list[PlatformProblem] | None = None) -> None:
        self.platform = platform
        self.problems = [] if problems is None else problems

    @property
    def ok(self) -> bool:
        return not self.problems


class PlatformSummary(Record):
    """The answer for one Dockerfile; `verdicts` has one entry per candidate platform."""

    multi_platform: bool
    signals: tuple[tuple[int, str], ...]
    build_platform: Platform
    stages: list[tuple[str, str]]  # (stage label, what it builds for)
    verdicts: list[PlatformVerdict]
    builder_problems: list[PlatformProblem]  # problems of a chosen builder, whatever the platform

    __slots__ = ("multi_platform", "signals", "build_platform", "stages", "verdicts", "builder_problems")

    def __init__(
        self,
        multi_platform: bool,
        signals: tuple[tuple[int, str], ...],
        build_platform: Platform,
        stages: list[tuple[str, str]],
        verdicts: list[PlatformVerdict],
        builder_problems: list[PlatformProblem],
    ) -> None:
        self.multi_platform = multi_platform
        self.signals = signals
        self.build_platform = build_platform
        self.stages = stages
        self.verdicts = verdicts
        self.builder_problems = builder_problems

    @property
    def buildable(self) -> list[Platform]:
        return [v.platform for v in self.verdicts if v.ok]

    def to_dict(self) -> dict:
        def problem(p: PlatformProblem) -> dict:
            return {"rule": p.rule, "line": p.span.line, "column": p.span.column, "message": p.message, **({"target": p.target} if p.target else {})}

        return {
            "multi_platform": self.multi_platform,
            "signals": [{"line": line, "reason": reason} for line, reason in self.signals],
            "build_platform": str(self.build_platform),
            "stages": [{"stage": label, "platform": role} for label, role in self.stages],
            "platforms": [
                {"platform": str(v.platform), "ok": v.ok, "problems": [problem(p) for p in v.problems]}
                for v in self.verdicts
            ],
            "builder_problems": [problem(p) for p in self.builder_problems],
        }

    def lines(self) -> list[str]:
        """A plain-text rendering, one fact per line."""
        out = [f"multi-platform: {'yes' if self.multi_platform else 'no'}"]
        out += [f"  line {line}: {reason}" for line, reason in self.signals]
        out.append("stages: " + ", ".join(f"{label} ({role})" for label, role in self.stages))
        for verdict in self.verdicts:
            out.append(f"{verdict.platform}: {'ok' if verdict.ok else 'wrong or failing'}")
            out += [f"  line {p.span.line}: {p.message}" + (f" [{p.rule}]" if p.rule else "") for p in verdict.problems]
        for p in self.builder_problems:
            out.append(f"{p.target}: line {p.span.line}: {p.message} [{p.rule}]")
        return out


def _context(ctx_or_doc):
    if isinstance(ctx_or_doc, Document):
        from ..engine.context import LintContext, LintOptions

        return LintContext(ctx_or_doc, LintOptions())
    return ctx_or_doc


def _role_text(role) -> str:
    if role.role == "pinned":
        return f"pinned to {role.platform}"
    if role.role == "build":
        return "the build machine ($BUILDPLATFORM)"
    if role.role == "target":
        return "the target platform"
    return f"unknown until build time (--platform={role.value})"


_PLATFORM_FEATURES = frozenset(("platform-args", "platform-args.extra", "from.platform.variable"))


def builder_platform_problems(ctx) -> list[PlatformProblem]:
    """What the chosen builders do with the platform ARGs: the compatibility rule's
    (DF201) predictions for those features, from the knowledge base."""
    targets = ctx.options.targets
    if not targets:
        return []
    from ..compat import features_of
    from ..compat.predict import predict, syntax_pin

    uses = [u for u in features_of(ctx) if u.feature in _PLATFORM_FEATURES]
    pin = syntax_pin(ctx.doc)
    problems = []
    for target in targets:
        for p in predict(uses, target, pin, ctx.doc):
            stage = ctx.model.stage_of.get(p.use.instruction.index) if p.use.instruction is not None else None
            problems.append(
                PlatformProblem(
                    "DF201", p.use.span, f"{target}: {p.message}", stage=stage.index if stage else None,
                    severity=p.severity, target=str(target),
                )
            )
    return problems


def all_problems(ctx) -> list[PlatformProblem]:
    """Every platform problem of the file, reported by a rule or not."""
    from .crossbuild import build_machine_probes, build_stage_outputs
    from .flags import invalid_platform_flags
    from .hardcoded import hard_coded
    from .variables import frozen_defaults, undeclared_uses

    problems = [
        *undeclared_uses(ctx), *frozen_defaults(ctx), *invalid_platform_flags(ctx), *builder_platform_problems(ctx),
        *build_stage_outputs(ctx), *hard_coded(ctx), *build_machine_probes(ctx),
    ]  # fmt: skip
    stages = ctx.model.stages
    if stages:
        final = stages[-1]
        role = stage_platforms(ctx)[final.index]
        if role.role == "pinned":
            problems.append(
                PlatformProblem(
                    None, final.from_instruction.span,
                    f"the final stage '{final.label}' is pinned to {role.platform} (--platform={final.root().platform}): "
                    f"the image is {role.platform} whatever platform is asked for",
                    stage=final.index, works_on=(role.platform,),
                )
            )
    return sorted(problems, key=lambda p: (p.span.line, p.span.column))


def platform_summary(ctx_or_doc, platforms=(), build_platform: str | Platform | None = None) -> PlatformSummary:
    """Which of `platforms` (default: the --platform values, else linux/amd64 and
    linux/arm64) the Dockerfile builds right for. `ctx_or_doc` is a LintContext
    (its options give --platform and the targets) or a parsed Document.
    `build_platform` is the machine that builds (default: this one)."""
    ctx = _context(ctx_or_doc)
    wanted = intent(ctx)
    candidates, _ = requested_platforms(platforms)
    candidates = candidates or wanted.platforms or tuple(parse_platform(p) for p in DEFAULT_CANDIDATES)
    if build_platform is None:
        machine = host_platform()
    elif isinstance(build_platform, Platform):
        machine = build_platform
    else:
        machine = parse_platform(build_platform)
    needed = needed_stages(ctx)
    relevant = [p for p in all_problems(ctx) if p.stage is None or p.stage in needed]
    verdicts = [
        PlatformVerdict(platform, [p for p in relevant if p.target is None and p.breaks(platform, machine)])
        for platform in candidates
    ]
    roles = stage_platforms(ctx)
    return PlatformSummary(
        multi_platform=wanted.multi,
        signals=wanted.signals,
        build_platform=machine,
        stages=[(s.label, _role_text(roles[s.index])) for s in ctx.model.stages],
        verdicts=verdicts,
        builder_problems=[p for p in relevant if p.target is not None],
    )
