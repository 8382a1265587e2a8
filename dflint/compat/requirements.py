"""What a whole file needs from its builder: the strongest requirement of its feature uses."""

from __future__ import annotations


from ..records import Record
from .uses import FeatureUse


def short_version(text: str) -> str:
    """"1.10.0" -> "1.10": the knowledge base writes first releases in full."""
    parts = text.split(".")
    return ".".join(parts[:2]) if len(parts) == 3 and parts[2] == "0" else text


class FileNeeds(Record):
    """The file needs BuildKit (`buildkit`) and/or frontend `frontend` (on the labs channel if `labs`).

    `because` are the uses that set the frontend requirement (or, when only
    BuildKit is needed, the uses that need it).
    """

    frontend: str | None
    labs: bool
    buildkit: bool
    entitlements: dict[str, FeatureUse]
    because: list[FeatureUse]

    __slots__ = ("frontend", "labs", "buildkit", "entitlements", "because")

    def __init__(
        self,
        frontend: str | None = None,
        labs: bool = False,
        buildkit: bool = False,
        entitlements: dict[str, FeatureUse] | None = None,
        because: list[FeatureUse] | None = None,
    ) -> None:
        self.frontend = frontend
        self.labs = labs
        self.buildkit = buildkit
        self.entitlements = {} if entitlements is None else entitlements
        self.because = [] if because is None else because

    @property
    def pin(self) -> str | None:
        """The oldest docker/dockerfile tag that has every feature."""
        if self.frontend is None:
            return None
        return f"{self.frontend}-labs" if self.labs else self.frontend

    def text(self) -> str:
        """"BuildKit with frontend ≥ 1.4", "BuildKit with frontend 1.14-labs", "frontend ≥ 1.7"."""
        level = None
        if self.frontend is not None:
            level = f"frontend {self.frontend}-labs" if self.labs else f"frontend ≥ {self.frontend}"
        if self.buildkit:
            return f"BuildKit with {level}" if level else "BuildKit"
        return level or "any builder"

    def data(self) -> dict:
        return {"frontend": self.frontend or "1.0", "labs": self.labs, "buildkit": self.buildkit}


def file_needs(uses: list[FeatureUse]) -> FileNeeds | None:
    """The strongest requirement among the uses; None when any builder builds them."""
    from ..knowledge.features import feature
    from ..knowledge.versions import Version

    needs = FileNeeds()
    newest = Version((1, 0))
    buildkit_uses = []
    for use in uses:
        info = feature(use.feature)
        if info.buildkit:
            needs.buildkit = True
            buildkit_uses.append(use)
        for name in info.entitlements:
            needs.entitlements.setdefault(name, use)
        bound = info.stable or info.labs
        if bound is None or bound.version <= Version((1, 0)):
            continue
        # A labs-only feature makes the pin a labs tag; labs tags have every stable feature too.
        needs.labs = needs.labs or info.stable is None
        if bound.version > newest:
            newest, needs.because = bound.version, [use]
        elif bound.version.key() == newest.key():
            needs.because.append(use)
    if needs.because:
        needs.frontend = short_version(str(newest))
    elif buildkit_uses:
        needs.because = buildkit_uses
    else:
        return None
    return needs
