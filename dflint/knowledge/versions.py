"""Dotted release numbers (Engine 20.10.6, Buildah 1.28, BuildKit 0.20, frontend 1.4).

Users write short versions and mean the newest such release ("legacy:20.10" is
20.10.24, the one people run); the knowledge base writes boundaries and means the
first such release ("until 20.10.6"). `Version.floating` keeps the two apart so
that one comparison serves both.
"""

from __future__ import annotations

import re

from dflint.records import FrozenRecord


_WIDTH = 3
_NEWEST = 1 << 30  # stands in for "any later part" when a floating version is compared
_VERSION_RE = re.compile(r"v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")


class Version(FrozenRecord):
    """A release number of up to three parts.

    A floating version ("20.10" from a user) stands for the newest release it
    covers; an exact one ("20.10" in the data) for the first.
    """

    parts: tuple[int, ...]
    floating: bool

    _fields = ("parts", "floating")

    def __init__(self, parts: tuple[int, ...], floating: bool = False) -> None:
        object.__setattr__(self, "parts", parts)
        object.__setattr__(self, "floating", floating)

    @classmethod
    def parse(cls, text: str, *, floating: bool) -> Version:
        """Parse "20.10", "v24.0.7" or "1"; raise ValueError on anything else."""
        match = _VERSION_RE.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a version (expected N, N.N or N.N.N)")
        parts = tuple(int(part) for part in match.groups() if part is not None)
        return cls(parts, floating)

    def key(self) -> tuple[int, ...]:
        """Sort key: missing parts are 0 for exact versions, "newest" for floating ones."""
        filler = _NEWEST if self.floating else 0
        return self.parts + (filler,) * (_WIDTH - len(self.parts))

    def __lt__(self, other: Version) -> bool:
        return self.key() < other.key()

    def __le__(self, other: Version) -> bool:
        return self.key() <= other.key()

    def __gt__(self, other: Version) -> bool:
        return self.key() > other.key()

    def __ge__(self, other: Version) -> bool:
        return self.key() >= other.key()

    def __str__(self) -> str:
        return ".".join(str(part) for part in self.parts)


def in_range(version: Version, since: Version | None, until: Version | None) -> bool:
    """True when `since <= version < until` (a missing bound is open)."""
    key = version.key()
    return (since is None or key >= since.key()) and (until is None or key < until.key())
