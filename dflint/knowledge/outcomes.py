"""What a builder does with a feature: the one question checks and `dflint features` ask.

On BuildKit targets the frontend that parses the file decides (a `# syntax`
pin, else the built-in one), then facts about the daemon and the Engine may
make it worse (an old daemon without MergeOp) or more precise (a real build's
exact message). Other builders have their own facts by version; where a fact
says `follows = "parser"`, the builder behaves as the frontend its vendored
parser equals.
"""

from __future__ import annotations


from dflint.knowledge.data import KnowledgeDataError, load_raw
from dflint.knowledge.features import CONFIDENCES, Fact, Feature, feature
from dflint.knowledge.frontend import FrontendVersion, SyntaxPin, parse_syntax_directive, preview_spelling
from dflint.knowledge.targets import Target, parse_target
from dflint.knowledge.versions import Version, in_range
from dflint.records import FrozenRecord

from ..records import named_tuple


_SEVERITY = {"ok": 0, "unknown": 1, "ignored": 2, "error": 3}


@named_tuple
class Requirements:
    """What a feature needs, for messages such as "needs docker/dockerfile:1.4"."""

    frontend: str | None  # first stable frontend release; None if only labs has it
    labs: bool  # only the labs channel has it
    labs_frontend: str | None  # first preview release, e.g. "1.7-labs" or "1.0-experimental"
    buildkit: bool
    entitlements: tuple[str, ...]


class Outcome(FrozenRecord):
    """What `target` does with `feature`: kind is ok, ignored, error or unknown.

    `message` is the builder's own text when `exact` (with {line}/{word}
    placeholders; see `render`), else a description of what happens.
    """

    feature: str
    target: str
    kind: str
    message: str | None
    exact: bool
    note: str | None
    source: str
    confidence: str
    requires: Requirements
    frontend: FrontendVersion | None  # the frontend (or vendored parser) that decided

    _fields = ("feature", "target", "kind", "message", "exact", "note", "source", "confidence", "requires", "frontend")

    def __init__(
        self,
        feature: str,
        target: str,
        kind: str,
        message: str | None,
        exact: bool,
        note: str | None,
        source: str,
        confidence: str,
        requires: Requirements,
        frontend: FrontendVersion | None = None,
    ) -> None:
        object.__setattr__(self, "feature", feature)
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "exact", exact)
        object.__setattr__(self, "note", note)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "requires", requires)
        object.__setattr__(self, "frontend", frontend)

    def render(self, **values: object) -> str | None:
        """The message with placeholders filled, e.g. render(line=3, word="ECHO")."""
        text = self.message
        if text is not None:
            for name, value in values.items():
                text = text.replace("{" + name + "}", str(value))
        return text


@named_tuple
class _Decision:
    fact: Fact
    owner: Feature  # whose flag fills {flag}
    frontend: FrontendVersion | None  # picks the wording of parser messages
    context: tuple[str, ...] = ()  # where the frontend came from, for the source


def outcome(feature_id: str, target: Target | str, syntax_pin: SyntaxPin | str | None = None) -> Outcome:
    """What `target` does with the feature, given the file's `# syntax` pin (if any)."""
    subject = feature(feature_id)
    target = parse_target(target) if isinstance(target, str) else target
    pin = parse_syntax_directive(syntax_pin) if isinstance(syntax_pin, str) else syntax_pin
    alias_fact = next((fact for about, fact in target.alias_facts if about == subject.id), None)
    if alias_fact is not None:
        decision = _Decision(alias_fact, subject, None)
    elif target.uses_buildkit:
        decision = _buildkit_decision(subject, target, pin)
    else:
        decision = _builder_decision(subject, target)
    return _to_outcome(subject, target, decision)


def effective_frontend(target: Target | str, syntax_pin: SyntaxPin | str | None = None) -> FrontendVersion | None:
    """The frontend that parses the file: the pin on BuildKit targets, else the built-in one.

    None when no Dockerfile frontend runs (legacy, Buildah, Kaniko ignore the
    pin and parse with their own code) or when the pin names a foreign image,
    is malformed, or gives a digest only.
    """
    target = parse_target(target) if isinstance(target, str) else target
    pin = parse_syntax_directive(syntax_pin) if isinstance(syntax_pin, str) else syntax_pin
    if not target.uses_buildkit:
        return None
    if target.frontend_override is not None:
        return target.frontend_override
    if pin is None:
        return target.builtin_frontend
    return pin.frontend


def requirements(subject: Feature) -> Requirements:
    """What the feature needs, whatever the target."""
    return Requirements(
        frontend=None if subject.stable is None else str(subject.stable.version),
        labs=subject.stable is None and subject.labs is not None,
        labs_frontend=None if subject.labs is None else preview_spelling(subject.labs.version),
        buildkit=subject.buildkit,
        entitlements=subject.entitlements,
    )


def _buildkit_decision(subject: Feature, target: Target, pin: SyntaxPin | None) -> _Decision:
    frontend = effective_frontend(target, pin)
    if frontend is None:  # only a pin can leave a BuildKit target without a known frontend
        return _Decision(_unknown(_why_no_frontend(pin)), subject, None)
    pinned = target.frontend_override is not None or pin is not None
    decision = _frontend_decision(subject, frontend)
    decision = decision._replace(context=_frontend_context(target, pinned, frontend))
    decision = _override(decision, subject, subject.facts_for("daemon"), target.buildkit_version, pinned)
    if target.kind == "docker":
        decision = _override(decision, subject, subject.facts_for("docker"), target.version, pinned)
    return decision


def _frontend_decision(subject: Feature, frontend: FrontendVersion) -> _Decision:
    if subject.available_in(frontend):
        return _Decision(Fact("ok", subject.source), subject, frontend)
    if subject.parent is not None:
        parent = feature(subject.parent)
        if not parent.available_in(frontend):
            return _frontend_decision(parent, frontend)
    for fact in subject.facts_for("frontend"):
        if fact.applies(frontend.version, channel=frontend.channel):
            return _Decision(fact, subject, frontend)
    if subject.missing is not None:
        return _Decision(subject.missing, subject, frontend)
    return _Decision(_unknown(f"no recorded behaviour of frontend {frontend}"), subject, frontend)


def _builder_decision(subject: Feature, target: Target) -> _Decision:
    parser = target.parser_frontend
    for fact in subject.facts_for(target.kind):
        if not fact.applies(target.version):
            continue
        if fact.follows is None:
            return _Decision(fact, subject, parser)
        parsed = _frontend_decision(subject, parser)
        merged = parsed.fact._replace(
            source=f"{fact.source}; {parsed.fact.source}",
            confidence=_weaker(fact.confidence, parsed.fact.confidence),
        )
        return parsed._replace(fact=merged, context=(f"{target.display_name} parses like frontend {parser}",))
    return _Decision(_unknown(f"no recorded behaviour of {target.display_name}"), subject, parser)


def _override(
    decision: _Decision, subject: Feature, facts: tuple[Fact, ...], version: Version | None, pinned: bool
) -> _Decision:
    """Let the first matching daemon/Engine fact replace the frontend's answer when it is as bad or worse."""
    if version is None:
        return decision
    for fact in facts:
        if fact.applies(version, pinned=pinned):
            if _SEVERITY[fact.outcome] < _SEVERITY[decision.fact.outcome]:
                return decision
            context = decision.context
            if fact.outcome == decision.fact.outcome:
                context = (*context, decision.fact.source)
            return _Decision(fact, subject, decision.frontend, context)
    return decision


def _to_outcome(subject: Feature, target: Target, decision: _Decision) -> Outcome:
    fact = decision.fact
    message, exact, message_source, template_note = _message(decision)
    sources = [fact.source, message_source, *decision.context]
    return Outcome(
        feature=subject.id,
        target=str(target),
        kind=fact.outcome,
        message=message if message is not None else fact.note,
        exact=exact,
        note=fact.note or template_note,
        source="; ".join(dict.fromkeys(part for part in sources if part)),
        confidence=fact.confidence,
        requires=requirements(subject),
        frontend=decision.frontend,
    )


def _message(decision: _Decision) -> tuple[str | None, bool, str | None, str | None]:
    """(text, exact, template source, template note) for the decision's message."""
    fact = decision.fact
    if fact.message is None:
        return None, False, None, None
    if not fact.message.startswith("@"):
        return fact.message, True, None, None
    flag = fact.flag or decision.owner.flag or ""
    if fact.message == "@requires-buildkit":
        classic = load_raw()["engines"]["classic"]
        text = classic["requires_buildkit_message"].replace("{flag}", flag)
        return text, True, classic["requires_buildkit_source"], classic["requires_buildkit_note"]
    templates = load_raw()["frontends"]["messages"].get(fact.message[1:])
    if templates is None or decision.frontend is None:
        raise KnowledgeDataError(f"feature {decision.owner.id!r}: message {fact.message!r} cannot be resolved here")
    for template in templates:
        since = template.get("since")
        until = template.get("until")
        if in_range(
            decision.frontend.version,
            None if since is None else Version.parse(since, floating=False),
            None if until is None else Version.parse(until, floating=False),
        ):
            text = template["text"].replace("{flag}", flag)
            return text, True, template["source"], template.get("note")
    raise KnowledgeDataError(f"no {fact.message!r} wording recorded for frontend {decision.frontend}")


def _frontend_context(target: Target, pinned: bool, frontend: FrontendVersion) -> tuple[str, ...]:
    if pinned:
        return (f"parsed by docker/dockerfile:{frontend}",)
    engine = target.engine
    if engine is not None:
        return (f"Docker Engine {engine.version} ships frontend {engine.frontend} ({engine.source})",)
    return (f"BuildKit v{target.version} ships frontend {frontend}",)


def _why_no_frontend(pin: SyntaxPin) -> str:
    if pin.kind == "foreign":
        return f"the file is parsed by `{pin.image}`, not docker/dockerfile: its features are not known"
    if pin.kind == "malformed":
        return f"the `# syntax` value is malformed ({pin.reason}): BuildKit fails before reading the file"
    return f"docker/dockerfile {pin.reason}"


def _unknown(note: str) -> Fact:
    return Fact("unknown", "", note=note, confidence="unconfirmed")


def _weaker(first: str, second: str) -> str:
    return max(first, second, key=CONFIDENCES.index)
