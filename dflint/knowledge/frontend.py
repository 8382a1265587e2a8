"""Dockerfile frontend versions and what a `# syntax=` value pins.

`docker/dockerfile:1.4` and its mirrors pin a frontend; any other image is a
foreign frontend whose feature set dflint cannot know. Floating tags (`1`,
`1.4`, `1-labs`, `latest`) resolve to the newest release they cover.
"""

from __future__ import annotations

import re
from functools import cache

from dflint.knowledge.data import load_raw
from dflint.knowledge.versions import Version
from dflint.records import FrozenRecord


STABLE = "stable"
LABS = "labs"
EXPERIMENTAL = "experimental"

FRONTEND_REPOSITORY = "docker/dockerfile"
UPSTREAM_REPOSITORY = "docker/dockerfile-upstream"

_TAG_RE = re.compile(r"(?P<version>\d+(?:\.\d+){0,2})(?:-(?P<rc>rc\d+))?(?:-(?P<channel>labs|experimental))?")
_COMPONENT_RE = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_DOMAIN_RE = re.compile(rf"{_LABEL}(?:\.{_LABEL})*(?::\d+)?")
_REFERENCE_TAG_RE = re.compile(r"\w[\w.-]{0,127}")
_DIGEST_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}")
_DOCKER_HUB = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


class FrontendVersionError(ValueError):
    """A docker/dockerfile tag that names no frontend release."""


@cache
def newest_frontend() -> Version:
    """The newest released frontend (what `docker/dockerfile:1` resolves to)."""
    return Version.parse(load_raw()["frontends"]["newest"], floating=True)


@cache
def _channel_bounds() -> tuple[Version, Version]:
    channels = load_raw()["frontends"]["channels"]
    return (
        Version.parse(channels["labs_since"], floating=False),
        Version.parse(channels["experimental_until"], floating=False),
    )


class FrontendVersion(FrozenRecord):
    """A Dockerfile frontend release on a channel (stable, labs or the old experimental)."""

    version: Version
    channel: str
    upstream: bool
    tag: str | None

    _fields = ("version", "channel", "upstream", "tag")
    _compared = ("version", "channel", "upstream")

    def __init__(self, version: Version, channel: str = STABLE, upstream: bool = False, tag: str | None = None) -> None:
        object.__setattr__(self, "version", version)
        object.__setattr__(self, "channel", channel)
        object.__setattr__(self, "upstream", upstream)
        object.__setattr__(self, "tag", tag)

    @classmethod
    def parse(cls, tag: str, *, upstream: bool = False) -> FrontendVersion:
        """Parse a docker/dockerfile tag: `1`, `1.4`, `1.4.3`, `1.3-labs`, `1.0-experimental`, `latest`, `labs`."""
        text = tag.strip()
        newest = newest_frontend()
        labs_since, experimental_until = _channel_bounds()
        last_experimental = Version((1, experimental_until.parts[1] - 1), floating=True)
        named = {
            "latest": (newest, STABLE),
            "labs": (newest, LABS),
            "experimental": (last_experimental, EXPERIMENTAL),  # the floating tag of the pre-1.2 preview line
        }
        if upstream:
            named.update({"master": (newest, STABLE), "master-labs": (newest, LABS)})
        if text in named:
            version, channel = named[text]
            return cls(version, channel, upstream, text)
        match = _TAG_RE.fullmatch(text)
        if match is None:
            raise FrontendVersionError(
                f"{tag!r} is not a docker/dockerfile tag "
                "(expected 1, 1.N or 1.N.M, optionally with -labs, or 1.0/1.1 with -experimental)"
            )
        version = Version.parse(match["version"], floating=True)
        if version.parts[0] != 1:
            raise FrontendVersionError(f"{tag!r}: only docker/dockerfile 1.x exists")
        if len(version.parts) == 1:
            version = newest
        channel = match["channel"] or STABLE
        if channel == LABS and len(version.parts) > 1 and version < labs_since:
            raise FrontendVersionError(f"{tag!r}: the labs channel starts at {labs_since}; use -experimental before it")
        if channel == EXPERIMENTAL and not version < experimental_until:
            raise FrontendVersionError(f"{tag!r}: the -experimental channel has 1.0 and 1.1 only; use -labs")
        return cls(version, channel, upstream, text)

    @classmethod
    def bound(cls, text: str, channel: str = STABLE) -> FrontendVersion:
        """A version from the knowledge base: "1.4" there means 1.4.0, the first 1.4 release."""
        return cls(Version.parse(text, floating=False), channel)

    @property
    def is_preview(self) -> bool:
        """True for the labs and experimental channels, which carry features before stable."""
        return self.channel != STABLE

    # Ordered by release only: 1.7-labs and 1.7 are the same release on two channels.
    def __lt__(self, other: FrontendVersion) -> bool:
        return self.version < other.version

    def __le__(self, other: FrontendVersion) -> bool:
        return self.version <= other.version

    def __gt__(self, other: FrontendVersion) -> bool:
        return self.version > other.version

    def __ge__(self, other: FrontendVersion) -> bool:
        return self.version >= other.version

    def __str__(self) -> str:
        if self.tag is not None:
            return self.tag
        suffix = "" if self.channel == STABLE else f"-{self.channel}"
        return f"{self.version}{suffix}"


def preview_spelling(version: Version) -> str:
    """How a preview release is tagged: `1.3-labs`, but `1.0-experimental` before 1.2."""
    labs_since, _ = _channel_bounds()
    return f"{version}-{LABS if version >= labs_since else EXPERIMENTAL}"


class SyntaxPin(FrozenRecord):
    """What a `# syntax=` value asks BuildKit to run.

    kind is "dockerfile" (docker/dockerfile or a mirror; `frontend` is None when
    it is pinned by digest only), "foreign" (another frontend image) or
    "malformed" (`reason` says why; BuildKit fails to resolve it).
    """

    raw: str
    kind: str
    image: str
    frontend: FrontendVersion | None
    reason: str | None
    registry: str | None
    repository: str | None
    tag: str | None
    digest: str | None
    arguments: tuple[str, ...]

    _fields = ("raw", "kind", "image", "frontend", "reason", "registry", "repository", "tag", "digest", "arguments")

    def __init__(
        self,
        raw: str,
        kind: str,
        image: str = "",
        frontend: FrontendVersion | None = None,
        reason: str | None = None,
        registry: str | None = None,
        repository: str | None = None,
        tag: str | None = None,
        digest: str | None = None,
        arguments: tuple[str, ...] = (),
    ) -> None:
        object.__setattr__(self, "raw", raw)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "image", image)
        object.__setattr__(self, "frontend", frontend)
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "registry", registry)
        object.__setattr__(self, "repository", repository)
        object.__setattr__(self, "tag", tag)
        object.__setattr__(self, "digest", digest)
        object.__setattr__(self, "arguments", arguments)

    @property
    def is_dockerfile(self) -> bool:
        return self.kind == "dockerfile"


def parse_syntax_directive(value: str) -> SyntaxPin:
    """Classify a `# syntax=` value. Only its first word is the image; the rest are arguments."""
    words = value.split()
    if not words:
        return SyntaxPin(value, "malformed", reason="the syntax directive has no value")
    image, arguments = words[0], tuple(words[1:])
    reference = _split_reference(image)
    if isinstance(reference, str):
        return SyntaxPin(value, "malformed", image, reason=reference, arguments=arguments)
    registry, path, tag, digest = reference
    common = {"image": image, "registry": registry, "repository": path, "tag": tag, "digest": digest}
    components = path.split("/")
    repository = "/".join(components[-2:])
    if repository not in (FRONTEND_REPOSITORY, UPSTREAM_REPOSITORY) or (
        registry in _DOCKER_HUB | {None} and path != repository
    ):
        return SyntaxPin(value, "foreign", arguments=arguments, **common)
    if tag is None and digest is not None:
        reason = "pinned by digest only: the frontend version cannot be told"
        return SyntaxPin(value, "dockerfile", reason=reason, arguments=arguments, **common)
    try:
        frontend = FrontendVersion.parse(tag or "latest", upstream=repository == UPSTREAM_REPOSITORY)
    except FrontendVersionError as error:
        return SyntaxPin(value, "malformed", reason=str(error), arguments=arguments, **common)
    return SyntaxPin(value, "dockerfile", frontend=frontend, arguments=arguments, **common)


def _split_reference(image: str) -> tuple[str | None, str, str | None, str | None] | str:
    """(registry, path, tag, digest) of an image reference, or the reason it is invalid."""
    name, _, digest = image.partition("@")
    if digest and not _DIGEST_RE.fullmatch(digest):
        return f"{digest!r} is not a valid digest (expected e.g. sha256:<64 hex digits>)"
    tag = None
    colon = name.rfind(":")
    if colon > name.rfind("/"):
        name, tag = name[:colon], name[colon + 1 :]
        if not _REFERENCE_TAG_RE.fullmatch(tag):
            return f"{tag!r} is not a valid image tag"
    components = name.split("/")
    registry = None
    if len(components) > 1 and ("." in components[0] or ":" in components[0] or components[0] == "localhost"):
        registry = components.pop(0)
        if not _DOMAIN_RE.fullmatch(registry):
            return f"{registry!r} is not a valid registry host"
    for component in components:
        if not _COMPONENT_RE.fullmatch(component):
            return f"{image!r} is not a valid image reference (names are lowercase letters, digits and . _ -)"
    return registry, "/".join(components), tag, digest or None
