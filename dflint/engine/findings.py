"""What a rule reports: a finding with its rule metadata, exact span and optional fix."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..syntax.ast import Span

SEVERITIES = ("error", "warning", "info", "style")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # style=0 … error=3


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text in `span` by `text` (an empty span inserts)."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A fix: `safe` keeps the built image the same; `unsafe` may change behaviour."""

    description: str
    edits: tuple[Edit, ...]
    safety: str = "safe"

    def to_dict(self) -> dict:
        return {
            "description": self.description,
            "safety": self.safety,
            "edits": [{**e.span.to_dict(), "text": e.text} for e in self.edits],
        }


@dataclass(slots=True)
class Issue:
    """What a check yields; the engine adds the rule's metadata to make a Finding.

    `rule` is only needed by checks that serve several rules (it names the rule by
    id or name); `severity` only by rules whose severity depends on the case (a
    build that fails is an error, one that ignores a feature a warning); `data`
    carries rule-specific extras for the JSON output (e.g. target, requires).
    """

    span: Span
    message: str
    rule: str | None = None
    fix: Fix | None = None
    severity: str | None = None
    data: dict = field(default_factory=dict)


@dataclass(slots=True)
class Finding:
    rule: str
    name: str
    severity: str
    message: str
    span: Span
    file: str = "-"
    fix: Fix | None = None
    buildkit_check: str | None = None
    hadolint: str | None = None
    data: dict = field(default_factory=dict)

    @property
    def line(self) -> int:
        return self.span.line

    def sort_key(self):
        return (self.file, self.span.line, self.span.column, self.rule)

    def to_dict(self) -> dict:
        out = {
            "file": self.file,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "buildkit_check": self.buildkit_check,
            "hadolint": self.hadolint,
            "fix": self.fix.description if self.fix else None,
        }
        out.update(self.data)
        return out
