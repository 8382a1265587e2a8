"""Features and their facts, built from rules/knowledge/features/*.toml.

A fact says what one builder does with a feature over a range of versions. The
version is the frontend's for `frontend` facts, the daemon's BuildKit for
`daemon` facts, the Engine's for `docker` and `legacy` facts, and the builder's
own for `buildah`, `kaniko` and `kaniko-oss`. A string "@other.feature" in place
of facts reuses that feature's facts for the same key.
"""

from __future__ import annotations

from functools import cache

from dflint.knowledge.data import KnowledgeDataError, load_raw
from dflint.knowledge.frontend import LABS, STABLE, FrontendVersion
from dflint.knowledge.versions import Version, in_range
from dflint.records import FrozenRecord

from ..records import named_tuple


OUTCOMES = ("ok", "ignored", "error", "unknown")
CONFIDENCES = ("observed", "documented", "inferred", "unconfirmed", "disputed")
BUILDER_KEYS = ("legacy", "buildah", "kaniko", "kaniko-oss")
FACT_KEYS = ("frontend", "daemon", "docker", *BUILDER_KEYS)
_HEADER_KEYS = {
    "title", "stable", "labs", "buildkit", "entitlements", "instructions",
    "flag", "parent", "note", "source", "missing",
}  # fmt: skip
_FACT_FIELDS = {
    "since", "until", "channel", "pinned", "outcome", "message",
    "note", "confidence", "source", "flag", "follows",
}  # fmt: skip


class UnknownFeatureError(ValueError):
    """No feature has this id."""


@named_tuple
class Fact:
    """What happens over one version range; the first matching fact of a list wins."""

    outcome: str
    source: str
    message: str | None = None  # the builder's own text, or "@unknown-flag"-style template name
    note: str | None = None  # what happens, in words (always set for "ignored")
    confidence: str = "documented"
    since: Version | None = None
    until: Version | None = None
    channel: str | None = None  # frontend facts: "stable" or "labs" (labs includes experimental)
    pinned: bool | None = None  # daemon/docker facts: only with (True) or without (False) a `# syntax` pin
    flag: str | None = None  # overrides the feature's flag in messages
    follows: str | None = None  # "parser": as the frontend the builder's vendored parser equals

    def applies(self, version: Version, *, channel: str | None = None, pinned: bool | None = None) -> bool:
        """True when this fact covers `version` (and the channel / pin state, where it names one)."""
        if self.channel is not None and channel is not None and (self.channel == LABS) != (channel != STABLE):
            return False
        if self.pinned is not None and pinned is not None and self.pinned != pinned:
            return False
        return in_range(version, self.since, self.until)


class Feature(FrozenRecord):
    """One Dockerfile feature: when the frontend got it, and what each builder does with it."""

    id: str
    title: str
    source: str
    buildkit: bool
    stable: FrontendVersion | None
    labs: FrontendVersion | None
    entitlements: tuple[str, ...]
    instructions: tuple[str, ...]
    flag: str | None
    parent: str | None
    note: str | None
    missing: Fact | None  # how a frontend without it (and without other facts) behaves
    facts: dict[str, tuple[Fact, ...]]

    _fields = ("id", "title", "source", "buildkit", "stable", "labs", "entitlements", "instructions", "flag", "parent", "note", "missing", "facts")

    def __init__(
        self,
        id: str,
        title: str,
        source: str,
        buildkit: bool,
        stable: FrontendVersion | None = None,
        labs: FrontendVersion | None = None,
        entitlements: tuple[str, ...] = (),
        instructions: tuple[str, ...] = (),
        flag: str | None = None,
        parent: str | None = None,
        note: str | None = None,
        missing: Fact | None = None,
        facts: dict[str, tuple[Fact, ...]] | None = None,
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "buildkit", buildkit)
        object.__setattr__(self, "stable", stable)
        object.__setattr__(self, "labs", labs)
        object.__setattr__(self, "entitlements", entitlements)
        object.__setattr__(self, "instructions", instructions)
        object.__setattr__(self, "flag", flag)
        object.__setattr__(self, "parent", parent)
        object.__setattr__(self, "note", note)
        object.__setattr__(self, "missing", missing)
        object.__setattr__(self, "facts", {} if facts is None else facts)

    def available_in(self, frontend: FrontendVersion) -> bool:
        """True when this frontend release supports the feature on its channel."""
        if self.stable is not None and frontend >= self.stable:
            return True
        return self.labs is not None and frontend.is_preview and frontend >= self.labs

    def facts_for(self, key: str) -> tuple[Fact, ...]:
        return self.facts.get(key, ())


@cache
def feature(feature_id: str) -> Feature:
    """The feature with this id (built on first use); UnknownFeatureError lists the known ids."""
    raw = load_raw()["features"]
    if feature_id not in raw:
        raise UnknownFeatureError(f"unknown feature {feature_id!r}; known features: {', '.join(raw)}")
    return build_feature(feature_id, raw)


def features() -> tuple[Feature, ...]:
    """Every feature, in the order of the data files."""
    return tuple(feature(feature_id) for feature_id in load_raw()["features"])


def build_feature(feature_id: str, raw: dict[str, object]) -> Feature:
    """Turn one feature table of `raw` (all features, for "@" references) into a Feature."""
    body = raw[feature_id]
    where = f"feature {feature_id!r}"
    unknown = set(body) - _HEADER_KEYS - set(FACT_KEYS)
    if unknown:
        raise KnowledgeDataError(f"{where}: unknown keys {sorted(unknown)}")
    for required in ("title", "source", "buildkit"):
        if required not in body:
            raise KnowledgeDataError(f"{where}: missing {required!r}")
    parent = body.get("parent")
    if parent is not None and parent not in raw:
        raise KnowledgeDataError(f"{where}: parent {parent!r} is not a feature")
    missing = _resolve(raw, feature_id, "missing")
    return Feature(
        id=feature_id,
        title=body["title"],
        source=body["source"],
        buildkit=bool(body["buildkit"]),
        stable=_frontend_bound(body.get("stable"), STABLE, where),
        labs=_frontend_bound(body.get("labs"), LABS, where),
        entitlements=tuple(body.get("entitlements", ())),
        instructions=tuple(body.get("instructions", ())),
        flag=body.get("flag"),
        parent=parent,
        note=body.get("note"),
        missing=None if missing is None else build_fact(missing, f"{where} missing", version_kind="frontend"),
        facts={
            key: tuple(build_fact(item, f"{where} {key}", version_kind=key) for item in items)
            for key in FACT_KEYS
            if (items := _resolve(raw, feature_id, key))
        },
    )


def build_fact(item: dict[str, object], where: str, *, version_kind: str) -> Fact:
    """Validate one fact table and turn it into a Fact."""
    unknown = set(item) - _FACT_FIELDS
    if unknown:
        raise KnowledgeDataError(f"{where}: unknown keys {sorted(unknown)}")
    if not item.get("source"):
        raise KnowledgeDataError(f"{where}: every fact needs a source")
    follows = item.get("follows")
    if follows is not None:
        if follows != "parser" or version_kind not in ("legacy", "kaniko", "kaniko-oss"):
            raise KnowledgeDataError(f"{where}: follows = {follows!r} is only for builders that vendor the parser")
        outcome = "ok"  # replaced by the parser's outcome when the fact is used
    else:
        outcome = item.get("outcome")
        if outcome not in OUTCOMES:
            raise KnowledgeDataError(f"{where}: outcome must be one of {OUTCOMES}, not {outcome!r}")
    if outcome == "ignored" and not item.get("note"):
        raise KnowledgeDataError(f"{where}: an ignored outcome needs a note saying what silently happens")
    if outcome == "error" and not (item.get("message") or item.get("note")):
        raise KnowledgeDataError(f"{where}: an error needs the builder's message or a note")
    confidence = item.get("confidence", "documented")
    if confidence not in CONFIDENCES:
        raise KnowledgeDataError(f"{where}: confidence must be one of {CONFIDENCES}, not {confidence!r}")
    channel = item.get("channel")
    if channel not in (None, STABLE, LABS):
        raise KnowledgeDataError(f"{where}: channel must be {STABLE!r} or {LABS!r}")
    misplaced_pin = "pinned" in item and version_kind not in ("daemon", "docker")
    if (channel is not None and version_kind != "frontend") or misplaced_pin:
        raise KnowledgeDataError(f"{where}: channel is for frontend facts, pinned for daemon and docker facts")
    return Fact(
        outcome=outcome,
        source=item["source"],
        message=item.get("message"),
        note=item.get("note"),
        confidence=confidence,
        since=_bound(item.get("since"), where),
        until=_bound(item.get("until"), where),
        channel=channel,
        pinned=item.get("pinned"),
        flag=item.get("flag"),
        follows=follows,
    )


def _resolve(raw: dict[str, object], feature_id: str, key: str, seen: tuple[str, ...] = ()) -> object:
    """The value of `key` for a feature, following "@other.feature" references."""
    value = raw[feature_id].get(key)
    if not (isinstance(value, str) and value.startswith("@")):
        return value
    target = value[1:]
    if target not in raw:
        raise KnowledgeDataError(f"feature {feature_id!r}: {key} refers to unknown feature {target!r}")
    if target in seen:
        raise KnowledgeDataError(f"feature {feature_id!r}: {key} references loop through {seen}")
    return _resolve(raw, target, key, (*seen, feature_id))


def _bound(text: str | None, where: str) -> Version | None:
    if text is None:
        return None
    try:
        return Version.parse(text, floating=False)
    except ValueError as error:
        raise KnowledgeDataError(f"{where}: {error}") from None


def _frontend_bound(text: str | None, channel: str, where: str) -> FrontendVersion | None:
    version = _bound(text, where)
    return None if version is None else FrontendVersion(version, channel)
