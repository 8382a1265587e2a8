"""Physical lines and the logical lines BuildKit builds from them.

BuildKit reads a Dockerfile with a line scanner that drops one `\\r` before each
`\\n`, joins continuation lines into one logical line and hands that string to its
instruction parsers. To report exact positions we remember, for every piece of a
logical line, the physical line and column it came from.
"""

from __future__ import annotations

import bisect

from .ast import Span

BOM = "\ufeff"
MAX_LINE_BYTES = 65535

# Go's unicode.IsSpace: what BuildKit's TrimSpace/TrimLeftFunc treat as blank.
GO_SPACE_CHARS = "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
GO_SPACE = frozenset(GO_SPACE_CHARS)
# Go's unicode.IsSpace applied to one byte turned into a rune: where BuildKit walks
# bytes (flag extraction, the HEALTHCHECK type word), only these split.
BYTE_SPACE_CHARS = "\t\n\v\f\r \x85\xa0"
BYTE_SPACE = frozenset(BYTE_SPACE_CHARS)


def go_trim_left(s: str) -> str:
    return s.lstrip(GO_SPACE_CHARS)


def go_trim(s: str) -> str:
    return s.strip(GO_SPACE_CHARS)


def split_physical_lines(text: str) -> tuple[list[str], list[str]]:
    """(lines, chunks): BuildKit's scanner tokens keep their `\n` (chunks); the
    lines we report positions in drop it and one `\r` before it."""
    if not text:
        return [], []
    chunks = text.split("\n")
    last = chunks.pop()
    chunks = [c + "\n" for c in chunks]
    if last:
        chunks.append(last)
    lines = []
    for chunk in chunks:
        line = chunk[:-1] if chunk.endswith("\n") else chunk
        lines.append(line[:-1] if line.endswith("\r") else line)
    return lines, chunks


class LogicalLine:
    """A logical line (continuations joined) that maps its offsets back to the source."""

    __slots__ = ("text", "_starts", "_pieces")

    def __init__(self) -> None:
        self.text = ""
        self._starts: list[int] = []  # logical offset where each piece starts
        self._pieces: list[tuple[int, int, int]] = []  # (line number, column offset, length)

    def append(self, piece: str, line_no: int, column: int) -> None:
        self._starts.append(len(self.text))
        self._pieces.append((line_no, column, len(piece)))
        self.text += piece

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at `offset`."""
        pieces = self._pieces
        if len(pieces) == 1:  # one physical line (most instructions): columns follow offsets
            line_no, column, _ = pieces[0]
            return (line_no, column + offset + 1)
        if not pieces:
            return (1, 1)
        k = max(bisect.bisect_right(self._starts, offset) - 1, 0)
        # Skip empty pieces so that an offset at a piece boundary lands on real text.
        while k + 1 < len(self._pieces) and self._pieces[k][2] == 0:
            k += 1
        line_no, column, _ = self._pieces[k]
        return (line_no, column + (offset - self._starts[k]) + 1)

    def span(self, start: int, end: int) -> Span:
        pieces = self._pieces
        if len(pieces) == 1:  # as position() gives it, without the calls
            line_no, column, _ = pieces[0]
            return Span(line_no, column + start + 1, line_no, column + (end if end > start else start) + 1)
        line, column = self.position(start)
        if end <= start:
            return Span(line, column, line, column)
        end_line, end_column = self.position(end - 1)
        return Span(line, column, end_line, end_column + 1)

    @property
    def first_line(self) -> int:
        return self._pieces[0][0] if self._pieces else 1
