"""Instruction flags (`--name[=value]`) split off the front of the arguments.

A port of BuildKit's `extractBuilderFlags`. It walks the line byte by byte (as Go
does), so a multi-byte character inside a flag comes out as BuildKit would give
it; offsets returned here are character offsets into the original string.
"""

from __future__ import annotations

import re

from .lines import BYTE_SPACE as _BYTE_SPACE
from .lines import BYTE_SPACE_CHARS as _BYTE_SPACE_CHARS

_PLAIN_RUN = re.compile("[^" + re.escape(_BYTE_SPACE_CHARS + "'\"\\") + "]+")


def extract_flags(line: str) -> tuple[int, list[tuple[str, int, int]]]:
    """Return (offset where the arguments start, [(flag text, start, end), ...]).

    The offset is len(line) when nothing but flags is left. `--` ends the flags
    and is not returned.
    """
    ascii_only = line.isascii()
    if ascii_only:  # most instructions have no flags: find that out without the byte walk
        first = len(line) - len(line.lstrip(_BYTE_SPACE_CHARS))
        if line[first : first + 2] != "--":
            return first, []
    data = line if ascii_only else line.encode("utf-8", "surrogateescape").decode("latin-1")
    n = len(data)
    words: list[tuple[str, int, int]] = []
    IN_SPACES, IN_WORD, IN_QUOTE = 0, 1, 2
    phase = IN_SPACES
    word: list[str] = []
    word_start = 0
    quote = ""
    blank_ok = False
    pos = 0
    rest_at = n
    while pos <= n:
        ch = data[pos] if pos != n else ""
        if phase == IN_SPACES:
            if pos == n:
                break
            if ch in _BYTE_SPACE:
                pos += 1
                continue
            if ch != "-" or pos + 1 == n or data[pos + 1] != "-":
                rest_at = pos
                break
            phase = IN_WORD
            word_start = pos
        if pos == n:  # end of input inside a word
            text = "".join(word)
            if text != "--" and (blank_ok or text):
                words.append((text, word_start, pos))
            break
        if phase == IN_WORD:
            if ch in _BYTE_SPACE:
                phase = IN_SPACES
                text = "".join(word)
                if text == "--":
                    rest_at = pos
                    break
                if blank_ok or text:
                    words.append((text, word_start, pos))
                word = []
                blank_ok = False
                pos += 1
                continue
            if ch in "'\"":
                quote = ch
                blank_ok = True
                phase = IN_QUOTE
                pos += 1
                continue
            if ch == "\\":
                if pos + 1 == n:
                    pos += 1
                    continue
                pos += 1
                word.append(data[pos])
                pos += 1
                continue
            plain = _PLAIN_RUN.match(data, pos)  # the characters up to the next blank, quote or escape
            word.append(plain.group())
            pos = plain.end()
            continue
        # IN_QUOTE
        if ch == quote:
            phase = IN_WORD
            pos += 1
            continue
        if ch == "\\":
            if pos + 1 == n:
                phase = IN_WORD
                pos += 1
                continue
            pos += 1
            ch = data[pos]
        word.append(ch)
        pos += 1
    if ascii_only:
        return rest_at, words
    # Map byte offsets back to character offsets.
    raw = line.encode("utf-8", "surrogateescape")

    def char_offset(b: int) -> int:
        return len(raw[:b].decode("utf-8", "surrogateescape"))

    return char_offset(rest_at), [(w, char_offset(s), char_offset(e)) for w, s, e in words]
