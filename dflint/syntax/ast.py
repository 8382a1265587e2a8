"""The syntax tree of a Dockerfile, as BuildKit's parser sees it, with exact positions.

Positions are 1-based lines and 1-based columns counted in characters; an end
column is exclusive (it points just after the last character), as in SARIF.
"""

from __future__ import annotations

from ..records import FrozenRecord, Record



class Span(FrozenRecord):
    """A region of the source: start inclusive, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    __slots__ = ("line", "column", "end_line", "end_column")

    def __init__(self, line: int, column: int, end_line: int, end_column: int) -> None:
        # The slots' own setters (bound below) skip the frozen guard as object.__setattr__
        # does, at half its cost: parsing and linking 500 lines make ~1700 spans.
        _set_line(self, line)
        _set_column(self, column)
        _set_end_line(self, end_line)
        _set_end_column(self, end_column)

    def _key(self) -> tuple:
        return (self.line, self.column, self.end_line, self.end_column)

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "end_line": self.end_line, "end_column": self.end_column}


_set_line = Span.line.__set__
_set_column = Span.column.__set__
_set_end_line = Span.end_line.__set__
_set_end_column = Span.end_column.__set__


class Diagnostic(Record):
    """A problem found while parsing; `rule` is the name of a parse-family rule page."""

    rule: str
    message: str
    span: Span
    severity: str

    __slots__ = ("rule", "message", "span", "severity")

    def __init__(self, rule: str, message: str, span: Span, severity: str = "error") -> None:
        self.rule = rule
        self.message = message
        self.span = span
        self.severity = severity

    def to_dict(self) -> dict:
        return {"rule": self.rule, "message": self.message, "severity": self.severity, **self.span.to_dict()}


class Directive(Record):
    """A parser directive (`# syntax=`, `# escape=`, `# check=`) at the top of the file."""

    name: str
    value: str
    span: Span
    value_span: Span

    __slots__ = ("name", "value", "span", "value_span")

    def __init__(self, name: str, value: str, span: Span, value_span: Span) -> None:
        self.name = name
        self.value = value
        self.span = span
        self.value_span = value_span


class Flag(Record):
    """An instruction flag such as `--mount=type=cache,target=/x`.

    `raw` is the flag exactly as BuildKit hands it on (quotes removed), `name` is
    without the dashes and `value` is None when no `=` was written.
    """

    raw: str
    name: str
    value: str | None
    span: Span

    __slots__ = ("raw", "name", "value", "span")

    def __init__(self, raw: str, name: str, value: str | None, span: Span) -> None:
        self.raw = raw
        self.name = name
        self.value = value
        self.span = span


class Heredoc(Record):
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
    opener_span: Span | None
    terminated: bool

    __slots__ = ("name", "body", "expand", "strip_tabs", "fd", "span", "opener_span", "terminated")

    def __init__(
        self,
        name: str,
        body: str,
        expand: bool,
        strip_tabs: bool,
        fd: int,
        span: Span,
        opener_span: Span | None = None,
        terminated: bool = True,
    ) -> None:
        self.name = name
        self.body = body
        self.expand = expand
        self.strip_tabs = strip_tabs
        self.fd = fd
        self.span = span
        self.opener_span = opener_span
        self.terminated = terminated

    @property
    def content(self) -> str:
        """The body as the builder uses it (leading tabs removed for `<<-`)."""
        if not self.strip_tabs:
            return self.body
        return "".join(line.lstrip("\t") for line in self.body.splitlines(keepends=True))


class Word(Record):
    """One argument word with the span it came from (None when it cannot be mapped)."""

    text: str
    span: Span | None

    __slots__ = ("text", "span")

    def __init__(self, text: str, span: Span | None) -> None:
        self.text = text
        self.span = span


class Instruction(Record):
    """One instruction: the logical line (continuations joined) plus its heredocs."""

    keyword: str  # upper case, e.g. "RUN"
    raw_keyword: str  # as written, e.g. "run"
    span: Span  # from the keyword to the end of the last line (heredoc bodies included)
    original: str  # the logical line as BuildKit reassembles it
    flags: list[Flag]
    args: list[str]
    arg_spans: list[Span | None]
    json_form: bool
    legacy_form: bool
    heredocs: list[Heredoc]
    child: Instruction | None
    comments: list[str]
    rest: str  # the argument text after the flags, as BuildKit's line parsers see it
    rest_span: Span | None
    keyword_span: Span | None
    line_map: object  # syntax.lines.LogicalLine, to map offsets of `original` to positions
    rest_offset: int  # offset of `rest` inside `original`
    index: int  # position in the file (0-based)

    __slots__ = ("keyword", "raw_keyword", "span", "original", "flags", "args", "arg_spans", "json_form", "legacy_form", "heredocs", "child", "comments", "rest", "rest_span", "keyword_span", "line_map", "rest_offset", "index")

    def __init__(
        self,
        keyword: str,
        raw_keyword: str,
        span: Span,
        original: str,
        flags: list[Flag] | None = None,
        args: list[str] | None = None,
        arg_spans: list[Span | None] | None = None,
        json_form: bool = False,
        legacy_form: bool = False,
        heredocs: list[Heredoc] | None = None,
        child: Instruction | None = None,
        comments: list[str] | None = None,
        rest: str = "",
        rest_span: Span | None = None,
        keyword_span: Span | None = None,
        line_map: object = None,
        rest_offset: int = 0,
        index: int = 0,
    ) -> None:
        self.keyword = keyword
        self.raw_keyword = raw_keyword
        self.span = span
        self.original = original
        self.flags = [] if flags is None else flags
        self.args = [] if args is None else args
        self.arg_spans = [] if arg_spans is None else arg_spans
        self.json_form = json_form
        self.legacy_form = legacy_form
        self.heredocs = [] if heredocs is None else heredocs
        self.child = child
        self.comments = [] if comments is None else comments
        self.rest = rest
        self.rest_span = rest_span
        self.keyword_span = keyword_span
        self.line_map = line_map
        self.rest_offset = rest_offset
        self.index = index

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
                    "fd": h.fd,
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


class Document(Record):
    """A parsed Dockerfile: directives, instructions and what went wrong on the way."""

    text: str
    lines: list[str]  # physical lines without their line endings
    directives: dict[str, Directive]
    instructions: list[Instruction]
    diagnostics: list[Diagnostic]
    escape: str
    # (last line of the instruction, [empty line numbers]) for each continuation with empty lines
    empty_continuations: list[tuple[int, list[int]]]

    __slots__ = ("text", "lines", "directives", "instructions", "diagnostics", "escape", "empty_continuations")

    def __init__(
        self,
        text: str,
        lines: list[str],
        directives: dict[str, Directive],
        instructions: list[Instruction],
        diagnostics: list[Diagnostic],
        escape: str = "\\",
        empty_continuations: list[tuple[int, list[int]]] | None = None,
    ) -> None:
        self.text = text
        self.lines = lines
        self.directives = directives
        self.instructions = instructions
        self.diagnostics = diagnostics
        self.escape = escape
        self.empty_continuations = [] if empty_continuations is None else empty_continuations

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def to_dict(self) -> dict:
        return {
            "directives": {name: d.value for name, d in self.directives.items()},
            "instructions": [i.to_dict() for i in self.instructions],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }
