"""Effective settings: layers (hadolint file, dflint file, per-path tables, flags) merged in order.

A layer leaves a key as None when it does not set it. Later layers replace
earlier values, except `ignore`, `extend-select` and `severity`, which add up, so
that a per-path table or a flag can silence one more rule without repeating the
rest.
"""

from __future__ import annotations

from ..records import Record


ADDITIVE = ("ignore", "extend_select", "severity")
DEFAULT_THRESHOLD = "warning"  # info and style findings inform; they do not fail a CI gate


class Settings(Record):
    targets: list[str] | None
    platforms: list[str] | None
    select: list[str] | None
    extend_select: list[str] | None
    ignore: list[str] | None
    severity: dict[str, str] | None
    failure_threshold: str | None
    trusted_registries: list[str] | None
    required_labels: dict[str, str] | None
    shellcheck: bool | None
    context: str | None  # absolute, or relative to the working directory
    sources: list[str]  # where the values came from

    __slots__ = ("targets", "platforms", "select", "extend_select", "ignore", "severity", "failure_threshold", "trusted_registries", "required_labels", "shellcheck", "context", "sources")

    def __init__(
        self,
        targets: list[str] | None = None,
        platforms: list[str] | None = None,
        select: list[str] | None = None,
        extend_select: list[str] | None = None,
        ignore: list[str] | None = None,
        severity: dict[str, str] | None = None,
        failure_threshold: str | None = None,
        trusted_registries: list[str] | None = None,
        required_labels: dict[str, str] | None = None,
        shellcheck: bool | None = None,
        context: str | None = None,
        sources: list[str] | None = None,
    ) -> None:
        self.targets = targets
        self.platforms = platforms
        self.select = select
        self.extend_select = extend_select
        self.ignore = ignore
        self.severity = severity
        self.failure_threshold = failure_threshold
        self.trusted_registries = trusted_registries
        self.required_labels = required_labels
        self.shellcheck = shellcheck
        self.context = context
        self.sources = [] if sources is None else sources

    def merged(self, layer: "Settings") -> "Settings":
        """These settings with `layer` applied on top."""
        out = Settings(sources=self.sources + layer.sources)
        for name in Settings._fields:
            if name == "sources":
                continue
            mine, theirs = getattr(self, name), getattr(layer, name)
            if theirs is None:
                value = mine
            elif mine is not None and name in ADDITIVE:
                value = {**mine, **theirs} if isinstance(mine, dict) else [*mine, *(v for v in theirs if v not in mine)]
            else:
                value = theirs
            setattr(out, name, value)
        return out

    @property
    def threshold(self) -> str:
        return self.failure_threshold or DEFAULT_THRESHOLD

    def to_dict(self) -> dict:
        """Every key with its effective value, in the file's spelling (kebab-case)."""
        out = {}
        for name in Settings._fields:
            if name == "sources":
                continue
            value = getattr(self, name)
            if name == "failure_threshold":
                value = self.threshold
            out[name.replace("_", "-")] = value
        return out
