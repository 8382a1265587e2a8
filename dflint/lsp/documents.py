"""Open documents as the editor has them: full text plus version, kept in step with its edits.

Edits address text by LSP positions: 0-based lines ended by `\\n`, `\\r\\n` or
`\\r`, and characters in UTF-16 code units. A position past the end of its
line means the line's end, and past the last line the document's end, as the
protocol says.
"""

from __future__ import annotations

import re

from .jsonrpc import INVALID_PARAMS, RpcError

_EOL = re.compile(r"\r\n|\r|\n")


class TextDocument:
    __slots__ = ("text", "version")

    def __init__(self, text: str, version: int | None) -> None:
        self.text = text
        self.version = version


def offset(text: str, line: int, character: int) -> int:
    """The string index of an LSP position in `text`."""
    start = 0
    if line > 0:
        for number, eol in enumerate(_EOL.finditer(text), 1):
            if number == line:
                start = eol.end()
                break
        else:
            return len(text)
    eol = _EOL.search(text, start)
    end = eol.start() if eol else len(text)
    units = 0
    for index in range(start, end):
        if units >= character:
            return index
        units += 2 if ord(text[index]) > 0xFFFF else 1
    return end


def _position(value) -> tuple[int, int]:
    line, character = value["line"], value["character"]
    if not (isinstance(line, int) and isinstance(character, int)) or line < 0 or character < 0:
        raise TypeError("a position is two non-negative integers")
    return line, character


def apply_change(text: str, change) -> str:
    """The text after one `TextDocumentContentChangeEvent` (a range edit, or the whole new text)."""
    try:
        new = change["text"]
        if not isinstance(new, str):
            raise TypeError("`text` must be a string")
        if change.get("range") is None:
            return new
        start = offset(text, *_position(change["range"]["start"]))
        end = offset(text, *_position(change["range"]["end"]))
    except (KeyError, TypeError, AttributeError) as e:
        raise RpcError(INVALID_PARAMS, f"bad content change: {e}") from None
    start, end = min(start, end), max(start, end)
    return text[:start] + new + text[end:]
