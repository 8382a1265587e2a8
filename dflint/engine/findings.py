"""What a rule reports: a finding with its rule metadata, exact span and optional fix."""

from __future__ import annotations


from ..records import FrozenRecord, Record
from ..syntax.ast import Span

SEVERITIES = ("error", "warning", "info", "style")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # style=0 … error=3


class Edit(FrozenRecord):
    """Replace the text in `span` by `text` (an empty span inserts)."""

    span: Span
    text: str

    __slots__ = ("span", "text")

    def __init__(self, span: Span, text: str) -> None:
        object.__setattr__(self, "span", span)
        object.__setattr__(self, "text", text)


class Fix(FrozenRecord):
    """A fix: `safe` keeps the built image the same; `unsafe` may change behaviour."""

    description: str
    edits: tuple[Edit, ...]
    safety: str

    __slots__ = ("description", "edits", "safety")

    def __init__(self, description: str, edits: tuple[Edit, ...], safety: str = "safe") -> None:
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "edits", edits)
        object.__setattr__(self, "safety", safety)

    def to_dict(self) -> dict:
        return {
            "description": self.description,
            "safety": self.safety,
            "edits": [{**e.span.to_dict(), "text": e.text} for e in self.edits],
        }


class Issue(Record):
    """What a check yields; the engine adds the rule's metadata to make a Finding.

    `rule` is only needed by checks that serve several rules (it names the rule by
    id or name); `severity` only by rules whose severity depends on the case (a
    build that fails is an error, one that ignores a feature a warning); `data`
    carries rule-specific extras for the JSON output (e.g. target, requires).
    """

    span: Span
    message: str
    rule: str | None
    fix: Fix | None
    severity: str | None
    data: dict

    __slots__ = ("span", "message", "rule", "fix", "severity", "data")

    def __init__(
        self,
        span: Span,
        message: str,
        rule: str | None = None,
        fix: Fix | None = None,
        severity: str | None = None,
        data: dict | None = None,
    ) -> None:
        self.span = span
        self.message = message
        self.rule = rule
        self.fix = fix
        self.severity = severity
        self.data = {} if data is None else data


class Finding(Record):
    rule: str
    name: str
    severity: str
    message: str
    span: Span
    file: str
    fix: Fix | None
    buildkit_check: str | None
    hadolint: str | None
    data: dict

    __slots__ = ("rule", "name", "severity", "message", "span", "file", "fix", "buildkit_check", "hadolint", "data")

    def __init__(
        self,
        rule: str,
        name: str,
        severity: str,
        message: str,
        span: Span,
        file: str = "-",
        fix: Fix | None = None,
        buildkit_check: str | None = None,
        hadolint: str | None = None,
        data: dict | None = None,
    ) -> None:
        self.rule = rule
        self.name = name
        self.severity = severity
        self.message = message
        self.span = span
        self.file = file
        self.fix = fix
        self.buildkit_check = buildkit_check
        self.hadolint = hadolint
        self.data = {} if data is None else data

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
