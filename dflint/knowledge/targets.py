"""Build targets: which builder, at which version, a user means.

`legacy:20.10`, `docker:24.0.7`, `buildkit`, `dockerfile:1.7-labs`, `buildah:1.28`,
`podman:4.3`, `kaniko`, `kaniko-oss:1.26` and aliases such as `caprover:1.14`.
A target names one of six builders (`kind`); aliases and Podman resolve to one
of them and keep their own name for display and round-tripping.
"""

from __future__ import annotations

from functools import cache

from dflint.knowledge.data import KnowledgeDataError, load_raw
from dflint.knowledge.features import Fact, build_fact
from dflint.knowledge.frontend import FrontendVersion, FrontendVersionError
from dflint.knowledge.versions import Version, in_range
from dflint.records import FrozenRecord, replace

from ..records import named_tuple

BUILDERS = ("legacy", "docker", "buildkit", "buildah", "kaniko", "kaniko-oss")
_FORMS = (
    "legacy[:ENGINE]",
    "docker[:ENGINE]",
    "buildkit[:0.N]",
    "dockerfile:1.N[.M][-labs]",
    "buildah[:VERSION]",
    "podman[:VERSION]",
    "kaniko[:VERSION]",
    "kaniko-oss[:VERSION]",
)


class TargetError(ValueError):
    """A target string that names no builder dflint knows, or a malformed version."""


@named_tuple
class EngineRow:
    """One Docker Engine release line: its vendored BuildKit and built-in frontend."""

    version: Version
    buildkit: Version
    frontend: FrontendVersion
    buildkit_default: bool
    source: str


class Target(FrozenRecord):
    """A builder at a version, as far as Dockerfile support goes."""

    name: str
    kind: str
    version: Version
    frontend_override: FrontendVersion | None  # dockerfile:1.N targets (as BUILDKIT_SYNTAX would)
    alias: str | None  # "Podman 4.3", "CapRover 1.14": what the user called it
    note: str | None
    confidence: str
    source: str | None
    alias_facts: tuple[tuple[str, Fact], ...]  # what the alias itself cannot do, by feature id

    _fields = ("name", "kind", "version", "frontend_override", "alias", "note", "confidence", "source", "alias_facts")

    def __init__(
        self,
        name: str,
        kind: str,
        version: Version,
        frontend_override: FrontendVersion | None = None,
        alias: str | None = None,
        note: str | None = None,
        confidence: str = "documented",
        source: str | None = None,
        alias_facts: tuple[tuple[str, Fact], ...] = (),
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "version", version)
        object.__setattr__(self, "frontend_override", frontend_override)
        object.__setattr__(self, "alias", alias)
        object.__setattr__(self, "note", note)
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "alias_facts", alias_facts)

    @classmethod
    def parse(cls, text: str) -> Target:
        return parse_target(text)

    def __str__(self) -> str:
        return self.name

    @property
    def uses_buildkit(self) -> bool:
        return bool(_builder(self.kind)["uses_buildkit"])

    @property
    def honours_syntax_directive(self) -> bool:
        """Whether a `# syntax=` line changes the frontend (a dockerfile:1.N target overrides it)."""
        return bool(_builder(self.kind)["honours_syntax"]) and self.frontend_override is None

    @property
    def engine(self) -> EngineRow | None:
        """The Engine release line of legacy and docker targets."""
        return engine_row(self.version) if _builder(self.kind)["versioned_by"] == "engine" else None

    @property
    def buildkit_version(self) -> Version | None:
        """The BuildKit that runs the build (the Engine's vendored one for docker targets)."""
        if self.kind == "docker":
            return engine_row(self.version).buildkit
        return self.version if self.kind == "buildkit" else None

    @property
    def builtin_frontend(self) -> FrontendVersion | None:
        """The frontend BuildKit uses without a `# syntax` pin; None for builders without BuildKit."""
        if self.kind == "docker":
            return engine_row(self.version).frontend
        return frontend_for_buildkit(self.version) if self.kind == "buildkit" else None

    @property
    def parser_frontend(self) -> FrontendVersion | None:
        """The frontend release whose parser this builder runs (vendored by legacy and Kaniko)."""
        if self.kind == "legacy":
            return engine_row(self.version).frontend
        if self.kind in ("kaniko", "kaniko-oss"):
            return _kaniko_parser(self.kind, self.version)
        return self.frontend_override or self.builtin_frontend

    @property
    def supports_named_contexts(self) -> bool:
        """Whether `--build-context` names reach FROM/COPY --from/RUN --mount=from (without a pin)."""
        from dflint.knowledge.outcomes import outcome  # outcomes imports this module

        return outcome("named-context", self).kind == "ok"

    @property
    def sets_platform_args(self) -> bool:
        """Whether BUILDPLATFORM, TARGETPLATFORM, TARGETARCH, … are set automatically."""
        from dflint.knowledge.outcomes import outcome  # outcomes imports this module

        return outcome("platform-args", self).kind == "ok"

    @property
    def display_name(self) -> str:
        if self.kind == "legacy":
            base = f"Docker Engine {self.version} classic builder"
        elif self.kind == "docker":
            base = f"Docker Engine {self.version} BuildKit (built-in frontend {self.builtin_frontend})"
        elif self.kind == "buildkit" and self.frontend_override is not None:
            base = f"BuildKit with docker/dockerfile:{self.frontend_override}"
        elif self.kind == "buildkit":
            base = f"BuildKit v{self.version} (built-in frontend {self.builtin_frontend})"
        else:
            base = f"{_builder(self.kind)['title']} {self.version}"
        return base if self.alias is None else f"{self.alias}: {base}"


def parse_target(text: str) -> Target:
    """Parse a target string; TargetError says what is accepted."""
    name, _, version_text = text.strip().lower().partition(":")
    version_text = version_text.strip()
    if ":" in text and not version_text:
        raise TargetError(f"{text!r}: the version after ':' is empty")
    if name in ("legacy", "docker"):
        return _engine_target(name, version_text)
    if name == "buildkit":
        return _buildkit_target(version_text)
    if name == "dockerfile":
        return _dockerfile_target(version_text)
    if name in ("buildah", "kaniko", "kaniko-oss"):
        return _versioned_target(name, version_text)
    if name == "podman":
        return _podman_target(version_text)
    if name in _aliases():
        return _alias_target(name, version_text)
    raise TargetError(f"unknown target {text!r}; accepted: {', '.join(accepted_forms())}")


def accepted_forms() -> tuple[str, ...]:
    """Every target form, for help texts and error messages."""
    aliases = tuple(
        f"{name}[:VERSION]" if any("since" in entry or "until" in entry for entry in entries) else name
        for name, entries in _aliases().items()
    )
    return _FORMS + aliases


def engine_row(version: Version) -> EngineRow:
    """The Engine release line a version belongs to (the newest row at or below it)."""
    rows = _engine_rows()
    for row in reversed(rows):
        if version >= row.version:
            return row
    return rows[0]


def frontend_for_buildkit(version: Version) -> FrontendVersion:
    """The built-in frontend of a BuildKit release: v0.(M+6) is 1.M from v0.9 on."""
    table = load_raw()["frontends"]["buildkit"]
    if version >= Version.parse(table["offset_since"], floating=False):
        return FrontendVersion.bound(f"1.{version.parts[1] - table['offset']}")
    frontend = None
    for row in table["early"]:
        if version >= Version.parse(row["buildkit"], floating=False):
            frontend = row["frontend"]
    if frontend is None:
        raise TargetError(f"BuildKit {version} predates the Dockerfile frontend")
    return FrontendVersion.bound(frontend)


def _engine_target(kind: str, version_text: str) -> Target:
    engines = load_raw()["engines"]
    version = _version(version_text or engines["newest"], f"{kind} Engine version")
    oldest = Version.parse(engines["oldest"], floating=False)
    if version < oldest:
        raise TargetError(f"{kind}:{version_text}: the knowledge base starts at Docker Engine {engines['oldest']}")
    return Target(_name(kind, version_text), kind, version)


def _buildkit_target(version_text: str) -> Target:
    table = load_raw()["frontends"]["buildkit"]
    version = _version(version_text or table["newest"], "BuildKit version (0.N)")
    first = Version.parse(table["early"][0]["buildkit"], floating=False)
    if version.parts[0] != 0 or len(version.parts) < 2 or version < first:
        raise TargetError(f"buildkit:{version_text}: expected a BuildKit release from {first} on, such as 0.20")
    return Target(_name("buildkit", version_text), "buildkit", version)


def _dockerfile_target(version_text: str) -> Target:
    if not version_text:
        raise TargetError("dockerfile needs a frontend version, e.g. dockerfile:1.4 or dockerfile:1.7-labs")
    try:
        frontend = FrontendVersion.parse(version_text)
    except FrontendVersionError as error:
        raise TargetError(str(error)) from None
    newest_buildkit = _version(load_raw()["frontends"]["buildkit"]["newest"], "BuildKit version")
    return Target(f"dockerfile:{version_text}", "buildkit", newest_buildkit, frontend_override=frontend)


def _versioned_target(kind: str, version_text: str) -> Target:
    builder = _builder(kind)
    version = _version(version_text or builder["newest"], f"{kind} version")
    if version.parts[0] != 1:
        raise TargetError(f"{kind}:{version_text}: expected a 1.x release")
    if "last" in builder and version > Version.parse(builder["last"], floating=True):
        raise TargetError(
            f"{kind}:{version_text}: {builder['title']} ended at {builder['last']}; "
            "use kaniko-oss:VERSION for the osscontainertools fork"
        )
    if "oldest" in builder and version < Version.parse(builder["oldest"], floating=False):
        raise TargetError(f"{kind}:{version_text}: the fork's releases start at {builder['oldest']}")
    return Target(_name(kind, version_text), kind, version)


def _podman_target(version_text: str) -> Target:
    podman = load_raw()["builders"]["podman"]
    mapping = {podman_version: buildah for podman_version, buildah in podman["map"]}
    podman_text = version_text or podman["map"][-1][0]
    version = _version(podman_text, "Podman version")
    minor = ".".join(str(part) for part in version.parts[:2])
    if len(version.parts) < 2 or minor not in mapping:
        known = f"{podman['map'][0][0]} … {podman['map'][-1][0]}"
        raise TargetError(f"podman:{version_text}: no Buildah mapping for this Podman (known: {known})")
    buildah_text = mapping[minor]
    return replace(
        _versioned_target("buildah", buildah_text),
        name=_name("podman", version_text),
        alias=f"Podman {podman_text}",
        source=podman["source"],
    )


def _alias_target(name: str, version_text: str) -> Target:
    entries = _aliases()[name]
    versioned = any("since" in entry or "until" in entry for entry in entries)
    if version_text and not versioned:
        raise TargetError(f"{name} takes no version")
    if versioned and version_text:
        version = _version(version_text, f"{name} version")
        matching = [e for e in entries if in_range(version, _bound(e.get("since")), _bound(e.get("until")))]
        if not matching:
            raise TargetError(f"{name}:{version_text}: no record for this version")
        entry = matching[0]
    else:
        entry = entries[-1]
    resolved = parse_target(entry["target"])
    label = entry["title"] if not version_text else f"{entry['title']} {version_text}"
    facts = tuple(_alias_fact(name, item) for item in entry.get("facts", ()))
    return replace(
        resolved,
        name=_name(name, version_text),
        alias=label,
        note=entry["note"],
        confidence=entry.get("confidence", "documented"),
        source=entry["source"],
        alias_facts=facts,
    )


def _alias_fact(alias: str, item: dict[str, object]) -> tuple[str, Fact]:
    feature_id = item.get("feature")
    if feature_id not in load_raw()["features"]:
        raise KnowledgeDataError(f"alias {alias!r}: fact for unknown feature {feature_id!r}")
    fields = {key: value for key, value in item.items() if key != "feature"}
    return feature_id, build_fact(fields, f"alias {alias!r} {feature_id}", version_kind="alias")


def _version(text: str, what: str) -> Version:
    try:
        return Version.parse(text, floating=True)
    except ValueError as error:
        raise TargetError(f"malformed {what}: {error}") from None


def _bound(text: str | None) -> Version | None:
    return None if text is None else Version.parse(text, floating=False)


def _name(kind: str, version_text: str) -> str:
    return f"{kind}:{version_text.removeprefix('v')}" if version_text else kind


def _builder(kind: str) -> dict[str, object]:
    return load_raw()["builders"]["builders"][kind]


def _aliases() -> dict[str, list[dict[str, object]]]:
    return load_raw()["builders"]["aliases"]


@cache
def _engine_rows() -> tuple[EngineRow, ...]:
    return tuple(
        EngineRow(
            version=Version.parse(row["version"], floating=False),
            buildkit=Version.parse(row["buildkit"], floating=False),
            frontend=FrontendVersion.bound(row["frontend"]),
            buildkit_default=row["buildkit_default"],
            source=row["source"],
        )
        for row in load_raw()["engines"]["engine"]
    )


def _kaniko_parser(kind: str, version: Version) -> FrontendVersion:
    rows = load_raw()["builders"]["kaniko_parser" if kind == "kaniko" else "kaniko_oss_parser"]
    for row in rows:
        if in_range(version, _bound(row.get("since")), _bound(row.get("until"))):
            return FrontendVersion.bound(row["frontend"])
    raise TargetError(f"{kind}:{version}: no vendored parser recorded")
