"""The syntax tree of a Dockerfile, as BuildKit's parser sees it, with exact positions.

Positions are 1-based lines and 1-based columns counted in characters; an end
column is exclusive (it points just after the last character), as in SARIF.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A region of the source: start inclusive, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "end_line": self.end_line, "end_column": self.end_column}


@dataclass(slots=True)
class Diagnostic:
    """A problem found while parsing; `rule` is the name of a parse-family rule page."""

    rule: str
    message: str
    span: Span
    severity: str = "error"

    def to_dict(self) -> dict:
        return {"rule": self.rule, "message": self.message, "severity": self.severity, **self.span.to_dict()}


@dataclass(slots=True)
class Directive:
    """A parser directive (`# syntax=`, `# escape=`, `# check=`) at the top of the file."""

    name: str
    value: str
    span: Span
    value_span: Span


@dataclass(slots=True)
class Flag:
    """An instruction flag such as `--mount=type=cache,target=/x`.

    `raw` is the flag exactly as BuildKit hands it on (quotes removed), `name` is
    without the dashes and `value` is None when no `=` was written.
    """

    raw: str
    name: str
    value: str | None
    span: Span


@dataclass(slots=True)
class Heredoc:
    """A here-document attached to RUN/COPY/ADD: its word, body and where the body lies.

    `body` keeps leading tabs even for `<<-` (BuildKit strips them when it uses the
    body); `span` covers the body lines and the terminator line.
    """

    name: str
    body: str
    expand: bool
    strip_tabs: bool
    fd: int
    span: Span
    opener_span: Span | None = None
    terminated: bool = True

    @property
    def content(self) -> str:
        """The body as the builder uses it (leading tabs removed for `<<-`)."""
        if not self.strip_tabs:
            return self.body
        return "".join(line.lstrip("\t") for line in self.body.splitlines(keepends=True))


@dataclass(slots=True)
class Word:
    """One argument word with the span it came from (None when it cannot be mapped)."""

    text: str
    span: Span | None


@dataclass(slots=True)
class Instruction:
    """One instruction: the logical line (continuations joined) plus its heredocs."""

    keyword: str  # upper case, e.g. "RUN"
    raw_keyword: str  # as written, e.g. "run"
    span: Span  # from the keyword to the end of the last line (heredoc bodies included)
    original: str  # the logical line as BuildKit reassembles it
    flags: list[Flag] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    arg_spans: list[Span | None] = field(default_factory=list)
    json_form: bool = False
    legacy_form: bool = False
    heredocs: list[Heredoc] = field(default_factory=list)
    child: Instruction | None = None
    comments: list[str] = field(default_factory=list)
    rest: str = ""  # the argument text after the flags, as BuildKit's line parsers see it
    rest_span: Span | None = None
    keyword_span: Span | None = None
    line_map: object = None  # syntax.lines.LogicalLine, to map offsets of `original` to positions
    rest_offset: int = 0  # offset of `rest` inside `original`
    index: int = 0  # position in the file (0-based)

    @property
    def start_line(self) -> int:
        return self.span.line

    @property
    def end_line(self) -> int:
        return self.span.end_line

    @property
    def command(self) -> Instruction:
        """The instruction that actually runs: the ONBUILD trigger, or this one."""
        return self.child if self.child is not None else self

    def flag(self, name: str) -> Flag | None:
        """The last flag of that name (BuildKit keeps the last for single-valued flags)."""
        found = None
        for f in self.flags:
            if f.name == name:
                found = f
        return found

    def flags_named(self, name: str) -> list[Flag]:
        return [f for f in self.flags if f.name == name]

    def span_of(self, start: int, end: int) -> Span:
        """Span of characters [start, end) of `original`."""
        return self.line_map.span(start, end)

    def to_dict(self) -> dict:
        return {
            "keyword": self.keyword,
            "start_line": self.span.line,
            "end_line": self.span.end_line,
            "start_column": self.span.column,
            "end_column": self.span.end_column,
            "flags": [f.raw for f in self.flags],
            "args": list(self.args),
            "json_form": self.json_form,
            "legacy_form": self.legacy_form,
            "heredocs": [
                {
                    "name": h.name,
                    "body": h.body,
                    "expand": h.expand,
                    "strip_tabs": h.strip_tabs,
                    "start_line": h.span.line,
                    "end_line": h.span.end_line,
                }
                for h in self.heredocs
            ],
            "child": self.child.to_dict() if self.child is not None else None,
        }


@dataclass(slots=True)
class Document:
    """A parsed Dockerfile: directives, instructions and what went wrong on the way."""

    text: str
    lines: list[str]  # physical lines without their line endings
    directives: dict[str, Directive]
    instructions: list[Instruction]
    diagnostics: list[Diagnostic]
    escape: str = "\\"
    # (last line of the instruction, [empty line numbers]) for each continuation with empty lines
    empty_continuations: list[tuple[int, list[int]]] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def to_dict(self) -> dict:
        return {
            "directives": {name: d.value for name, d in self.directives.items()},
            "instructions": [i.to_dict() for i in self.instructions],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }
