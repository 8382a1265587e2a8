"""Parser directives (`# syntax=`, `# escape=`, `# check=`) with BuildKit's quirks.

BuildKit feeds every line it reads (continuation lines included, heredoc bodies
excluded) to its directive parser until the first line that is not a valid
directive: a blank line, another comment, an unknown key or an instruction ends
the scan. A first line starting with `#!` is skipped.
"""

from __future__ import annotations

import re

_DIRECTIVE = re.compile(r"^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$", re.S)
VALID = ("syntax", "escape", "check")


class DirectiveError(ValueError):
    pass


class DirectiveScanner:
    """BuildKit's DirectiveParser: call `feed` with each line BuildKit would feed it."""

    __slots__ = ("line", "done", "found")

    def __init__(self) -> None:
        self.line = 0
        self.done = False
        self.found: list[tuple[str, str, int, int, int]] = []  # (name, value, line_no, value start, value end)

    def feed(self, text: str, line_no: int) -> tuple[str, str] | None:
        """Returns (name, value) for a directive; raises DirectiveError on a repeat."""
        self.line += 1
        if self.done:
            return None
        if self.line == 1 and text.startswith("#!"):
            return None
        m = _DIRECTIVE.match(text)
        if m is None:
            self.done = True
            return None
        name = m.group(1).lower()
        if name not in VALID:
            self.done = True
            return None
        if any(f[0] == name for f in self.found):
            raise DirectiveError(f"only one {name} parser directive can be used")
        self.found.append((name, m.group(2), line_no, m.start(2), m.end(2)))
        return name, m.group(2)


def check_escape(value: str) -> None:
    if value not in ("`", "\\"):
        raise DirectiveError(f"invalid escape token '{value}' does not match ` or \\")
