"""Effective settings: layers (hadolint file, dflint file, per-path tables, flags) merged in order.

A layer leaves a key as None when it does not set it. Later layers replace
earlier values, except `ignore`, `extend-select` and `severity`, which add up, so
that a per-path table or a flag can silence one more rule without repeating the
rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

ADDITIVE = ("ignore", "extend_select", "severity")
DEFAULT_THRESHOLD = "warning"  # info and style findings inform; they do not fail a CI gate


@dataclass(slots=True)
class Settings:
    targets: list[str] | None = None
    platforms: list[str] | None = None
    select: list[str] | None = None
    extend_select: list[str] | None = None
    ignore: list[str] | None = None
    severity: dict[str, str] | None = None
    failure_threshold: str | None = None
    trusted_registries: list[str] | None = None
    required_labels: dict[str, str] | None = None
    shellcheck: bool | None = None
    context: str | None = None  # absolute, or relative to the working directory
    sources: list[str] = field(default_factory=list)  # where the values came from

    def merged(self, layer: "Settings") -> "Settings":
        """These settings with `layer` applied on top."""
        out = Settings(sources=self.sources + layer.sources)
        for f in fields(Settings):
            if f.name == "sources":
                continue
            mine, theirs = getattr(self, f.name), getattr(layer, f.name)
            if theirs is None:
                value = mine
            elif mine is not None and f.name in ADDITIVE:
                value = {**mine, **theirs} if isinstance(mine, dict) else [*mine, *(v for v in theirs if v not in mine)]
            else:
                value = theirs
            setattr(out, f.name, value)
        return out

    @property
    def threshold(self) -> str:
        return self.failure_threshold or DEFAULT_THRESHOLD

    def to_dict(self) -> dict:
        """Every key with its effective value, in the file's spelling (kebab-case)."""
        out = {}
        for f in fields(Settings):
            if f.name == "sources":
                continue
            value = getattr(self, f.name)
            if f.name == "failure_threshold":
                value = self.threshold
            out[f.name.replace("_", "-")] = value
        return out
