"""Bytes -> text for the parser, with a diagnostic instead of a crash for odd input.

BuildKit reads bytes and never decodes them; we decode UTF-8 but keep invalid bytes
(surrogateescape) so that positions and fixes stay exact.
"""

from __future__ import annotations

from .ast import Diagnostic, Span

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes) -> tuple[str, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    if data.startswith(_UTF16_BOMS):
        problems.append(
            Diagnostic("not-text", "file is UTF-16 encoded; BuildKit reads Dockerfiles as UTF-8", Span(1, 1, 1, 1))
        )
        return data.decode("utf-16", "replace"), problems
    text = data.decode("utf-8", "surrogateescape")
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        problems.append(
            Diagnostic("not-text", "file contains NUL bytes: this looks like a binary file, not a Dockerfile", Span(line, column, line, column + 1))
        )
        return text, problems
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = len(data[data.rfind(b"\n", 0, e.start) + 1 : e.start].decode("utf-8", "replace")) + 1
        problems.append(
            Diagnostic("not-text", f"invalid UTF-8 byte 0x{data[e.start]:02x}", Span(line, column, line, column + 1), "warning")
        )
    return text, problems
