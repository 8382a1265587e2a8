"""dflint spans (1-based, columns in code points, end exclusive) ↔ LSP positions (0-based, UTF-16).

LSP counts columns in UTF-16 code units by default, so a character outside the
Basic Multilingual Plane (an emoji) counts twice; lone surrogates from
undecodable bytes count once, as the editor shows them.
"""

from __future__ import annotations


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def to_utf16(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """(0-based line, UTF-16 character) for a 1-based line and code-point column (clamped to the text)."""
    if line < 1:
        return 0, 0
    if line > len(lines):
        return len(lines), 0
    text = lines[line - 1]
    return line - 1, _utf16_len(text[: max(column - 1, 0)])


def from_utf16(lines: list[str], line: int, character: int) -> tuple[int, int]:
    """(1-based line, code-point column) for an LSP position."""
    if line >= len(lines):
        return line + 1, 1
    text = lines[line]
    units = 0
    for index, char in enumerate(text):
        if units >= character:
            return line + 1, index + 1
        units += 2 if ord(char) > 0xFFFF else 1
    return line + 1, len(text) + 1


def span_range(lines: list[str], span) -> dict:
    """An LSP Range (as plain data) for a dflint Span."""
    start = to_utf16(lines, span.line, span.column)
    end = to_utf16(lines, span.end_line, span.end_column)
    if end < start:
        end = start
    return {"start": {"line": start[0], "character": start[1]}, "end": {"line": end[0], "character": end[1]}}
