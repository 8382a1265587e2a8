"""Dockerfile text -> `Document`, exactly as BuildKit's `parser.Parse` reads it.

The main loop follows BuildKit line for line (directives, comments, continuation
lines, empty continuation lines, heredoc bodies). Where BuildKit gives up on the
whole file, we record a diagnostic and carry on with the next instruction, so an
editor always gets the rest of the file.
"""

from __future__ import annotations

import re

from . import arguments
from .ast import Diagnostic, Directive, Document, Flag, Heredoc, Instruction, Span
from .directives import DirectiveError, DirectiveScanner, check_escape
from .flags import extract_flags
from .heredoc import openers_in_line
from .lines import BOM, GO_SPACE_CHARS, MAX_LINE_BYTES, LogicalLine, go_trim, go_trim_left, split_physical_lines

_SPLIT_COMMAND = re.compile(r"[\t\v\f\r ]+")
_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
_MAYBE_TOO_LONG = MAX_LINE_BYTES // 4  # shorter chunks cannot exceed MAX_LINE_BYTES in UTF-8
_DISPATCH, _parse_ignore = arguments.DISPATCH, arguments.parse_ignore


def _continuation_regex(escape: str) -> re.Pattern[str]:
    """A line continues when it ends with one escape character (plus blanks) that
    is not itself escaped: `a \\` continues, `a \\\\` does not, a lone `\\` does."""
    e = re.escape(escape)
    return re.compile(rf"(?:^|(?<=[^{e}])){e}[ \t]*$")


class _Parser:
    def __init__(self, text: str) -> None:
        self.bom = text.startswith(BOM)
        if self.bom:
            text = text[1:]
        self.text = text
        self.lines, self.chunks = split_physical_lines(text)
        self.escape = "\\"
        self._continuation = _continuation_regex("\\")
        self.directives: dict[str, Directive] = {}
        self.scanner = DirectiveScanner()
        self.instructions: list[Instruction] = []
        self.diagnostics: list[Diagnostic] = []
        self.empty_continuations: list[tuple[int, list[int]]] = []

    # -- helpers ---------------------------------------------------------------
    def error(self, rule: str, message: str, span: Span, severity: str = "error") -> None:
        self.diagnostics.append(Diagnostic(rule, message, span, severity))

    def _too_long(self, index: int) -> bool:
        chunk = self.chunks[index]
        size = len(chunk.rstrip("\n").encode("utf-8", "surrogateescape"))
        if index == 0 and self.bom:
            size += 3  # BuildKit's scanner counts the BOM's bytes in the first line
        if size > MAX_LINE_BYTES:
            self.error(
                "line-too-long",
                f"dockerfile line greater than max allowed size of {MAX_LINE_BYTES}",
                Span(index + 1, 1, index + 1, 2),
            )
            return True
        return False

    def _directive(self, text: str, line_no: int, column0: int) -> None:
        """Feed a line to the directive scanner (BuildKit's processLine does this for every line)."""
        if self.scanner.done:
            return
        try:
            found = self.scanner.feed(text, line_no)
        except DirectiveError as e:
            self.error("repeated-directive", str(e), Span(line_no, column0 + 1, line_no, column0 + len(text) + 1))
            return
        if found is None:
            return
        name, value, _, vstart, vend = self.scanner.found[-1]
        span = Span(line_no, column0 + 1, line_no, column0 + len(text) + 1)
        value_span = Span(line_no, column0 + vstart + 1, line_no, column0 + vend + 1)
        if name == "escape":
            try:
                check_escape(value)
            except DirectiveError as e:
                self.error("invalid-escape-directive", str(e), value_span)
                return
            self.escape = value
            self._continuation = _continuation_regex(value)
        self.directives[name] = Directive(name, value, span, value_span)

    def _trim_continuation(self, text: str) -> tuple[str, bool]:
        if not text.rstrip(" \t").endswith(self.escape):  # most lines: the pattern cannot match
            return text, True
        m = self._continuation.search(text)
        if m is None:
            return text, True
        return text[: m.start()], False

    # -- main loop -------------------------------------------------------------
    def parse(self) -> Document:
        lines = self.lines
        chunks = self.chunks
        scanner = self.scanner
        n = len(lines)
        i = 0
        comments: list[str] = []
        while i < n:
            raw = lines[i].rstrip("\r")
            line_no = i + 1
            if len(chunks[i]) >= _MAYBE_TOO_LONG and self._too_long(i):
                i += 1
                continue
            stripped = raw.lstrip(GO_SPACE_CHARS)  # go_trim_left, inlined: this runs for every line
            is_comment = stripped.startswith("#")
            if is_comment:
                comment = go_trim(raw[1:])  # BuildKit drops the first byte of the raw line
                comments = comments + [comment] if comment else []
            if not scanner.done:
                self._directive(stripped, line_no, len(raw) - len(stripped))
            start_index = i
            first = "" if is_comment else stripped
            i += 1
            if not first:  # a blank or comment line: no instruction starts here
                continue
            text, end_of_line = self._trim_continuation(first)
            logical = LogicalLine()
            logical.append(text, line_no, len(raw) - len(stripped))
            empty_lines: list[int] = []
            while not end_of_line and i < n:
                raw = lines[i].rstrip("\r")
                if len(chunks[i]) >= _MAYBE_TOO_LONG and self._too_long(i):
                    i += 1
                    continue
                if not scanner.done:
                    self._directive(raw, i + 1, 0)
                i += 1
                trimmed = raw.lstrip(GO_SPACE_CHARS)
                if trimmed.startswith("#"):
                    continue
                if trimmed == "":
                    empty_lines.append(i)
                    continue
                text, end_of_line = self._trim_continuation(raw)
                logical.append(text, i, 0)
            instruction = self._instruction(logical, start_index, i, comments)
            if empty_lines:
                self.empty_continuations.append((i, empty_lines))
            comments = []
            if instruction is None:
                continue
            i = self._heredocs(instruction, i)
            self.instructions.append(instruction)
        if not self.instructions and not any(d.severity == "error" for d in self.diagnostics):
            last = max(n, 1)
            self.error("no-instructions", "file with no instructions", Span(last, 1, last, 1))
        for index, instruction in enumerate(self.instructions):
            instruction.index = index
        return Document(
            text=self.text,
            lines=lines,
            directives=self.directives,
            instructions=self.instructions,
            diagnostics=self.diagnostics,
            escape=self.escape,
            empty_continuations=self.empty_continuations,
        )

    # -- one instruction -------------------------------------------------------
    def _instruction(self, logical: LogicalLine, start_index: int, next_index: int, comments: list[str]):
        line = logical.text
        end_line = next_index  # 1-based number of the last line consumed
        end_column = len(self.lines[end_line - 1]) + 1
        keyword_line, keyword_column = logical.position(len(line) - len(go_trim_left(line)))
        # BuildKit's start line is where the logical line began, even when that
        # physical line holds nothing but a continuation escape.
        start_line = start_index + 1
        start_column = keyword_column if keyword_line == start_line else 1
        span = Span(start_line, start_column, end_line, end_column)
        try:
            instruction = build_instruction(line, 0, self.escape, logical)
        except arguments.ArgumentError as e:
            rule = "json-args-not-strings" if str(e) == arguments.NOT_STRING_ARRAY else "invalid-key-value"
            if "must have two arguments" in str(e):
                rule = "missing-value"
            self.error(rule, str(e), span)
            return None
        instruction.span = span
        instruction.comments = comments
        return instruction

    def _heredocs(self, instruction: Instruction, i: int) -> int:
        """Read the bodies of the heredocs opened on this instruction; returns the next line index."""
        target = instruction.child or instruction
        if target.keyword not in _HEREDOC_INSTRUCTIONS or target.json_form or "<<" not in instruction.original:
            return i
        openers = openers_in_line(instruction.original)
        lines = self.lines
        n = len(lines)
        search_from = 0
        for opener in openers:
            start = i
            terminated = False
            body: list[str] = []
            while i < n:
                raw = self.chunks[i]
                i += 1
                candidate = raw.rstrip("\r\n")
                if opener.strip_tabs:
                    candidate = candidate.lstrip("\t")
                if candidate == opener.name:
                    terminated = True
                    break
                body.append(raw)  # BuildKit keeps each body line's own line ending
            where = instruction.original.find(opener.word, search_from)
            opener_span = None
            if where >= 0:
                search_from = where + len(opener.word)
                opener_span = instruction.span_of(where, where + len(opener.word))
            span = Span(start + 1, 1, i, len(lines[i - 1]) + 1) if i > start else Span(start, 1, start, 1)
            heredoc = Heredoc(
                name=opener.name,
                body="".join(body),
                expand=opener.expand,
                strip_tabs=opener.strip_tabs,
                fd=opener.fd,
                span=span,
                opener_span=opener_span,
                terminated=terminated,
            )
            target.heredocs.append(heredoc)
            if not terminated:
                self.error("unterminated-heredoc", "unterminated heredoc", opener_span or instruction.span)
                # Resume right after the instruction line, so the rest of the file is still read.
                heredoc.body = ""
                return start
            instruction.span = Span(instruction.span.line, instruction.span.column, i, len(lines[i - 1]) + 1)
        return i


def build_instruction(line: str, offset: int, escape: str, logical: LogicalLine) -> Instruction:
    """BuildKit's newNodeFromLine for `line`, which starts at `offset` of the logical line."""
    body = line.lstrip(GO_SPACE_CHARS)
    lead = len(line) - len(body)
    # strings.TrimSpace, then split the keyword off at the first run of reWhitespace.
    body = body.rstrip(GO_SPACE_CHARS)
    m = _SPLIT_COMMAND.search(body)
    keyword = body if m is None else body[: m.start()]
    flags: list[Flag] = []
    rest = ""
    rest_offset = offset + lead + len(body)
    if m is not None:
        after = body[m.end() :]
        base = offset + lead + m.end()
        rest_at, flag_words = extract_flags(after)
        for text, start, end in flag_words:
            name, eq, value = text[2:].partition("=")
            flags.append(Flag(text, name, value if eq else None, logical.span(base + start, base + end)))
        rest_full = after[rest_at:]
        rest_left = rest_full.lstrip(GO_SPACE_CHARS)
        rest = rest_left.rstrip(GO_SPACE_CHARS)
        rest_offset = base + rest_at + (len(rest_full) - len(rest_left))
    upper = keyword.upper()
    parse = _DISPATCH.get(upper, _parse_ignore)
    args = parse(rest, escape)
    child = None
    if args.child_rest is not None:
        child = build_instruction(args.child_rest, rest_offset, escape, logical)
        if child.keyword == "ONBUILD":
            # BuildKit's node for a nested ONBUILD holds its trigger as a child
            # node, not values: one empty value when there is a trigger, else none.
            values, ranges, json_form = ([""], [None], False) if child.child is not None else ([], [], False)
        else:
            values, ranges = list(child.args), list(child.arg_spans)
            json_form = child.json_form
    else:
        values = args.values
        ranges = [None if r is None else logical.span(rest_offset + r[0], rest_offset + r[1]) for r in args.ranges]
        json_form = args.json_form
    keyword_start = offset + lead
    return Instruction(
        keyword=upper,
        raw_keyword=keyword,
        span=logical.span(keyword_start, offset + lead + len(body)),
        original=logical.text if offset == 0 else line,
        flags=flags,
        args=values,
        arg_spans=ranges,
        json_form=json_form,
        legacy_form=args.legacy_form,
        child=child,
        rest=rest,
        rest_span=logical.span(rest_offset, rest_offset + len(rest)),
        keyword_span=logical.span(keyword_start, keyword_start + len(keyword)),
        line_map=logical,
        rest_offset=rest_offset,
    )


def parse(text: str) -> Document:
    """Parse Dockerfile text into a `Document`; never raises on bad input."""
    return _Parser(text).parse()
