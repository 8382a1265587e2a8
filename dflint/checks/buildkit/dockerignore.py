"""Docker's `.dockerignore` semantics (moby/patternmatcher and its `ignorefile` reader).

Reading: a UTF-8 BOM is dropped, lines starting with `#` are comments, lines are
trimmed, `!` marks an exception, patterns are path-cleaned and a leading `/` is
removed. Matching: `*` and `?` stay within one path element, `**` spans any
number of elements, `\\` escapes, and a pattern also matches everything below a
matched directory. Later patterns override earlier ones.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ...records import Record


def clean(path: str) -> str:
    """Go's filepath.Clean for slash paths."""
    return posixpath.normpath(path) if path else "."


def read_patterns(text: str) -> list[str]:
    """ignorefile.ReadAll."""
    patterns = []
    for number, line in enumerate(text.splitlines()):
        if number == 0:
            line = line.removeprefix("\ufeff")
        if line.startswith("#"):
            continue
        line = line.strip()
        if not line:
            continue
        invert = line.startswith("!")
        if invert:
            line = line[1:].strip()
        if line:
            line = clean(line)
            if len(line) > 1 and line.startswith("/"):
                line = line[1:]
        patterns.append("!" + line if invert else line)
    return patterns


class _Pattern(Record):
    exclusion: bool
    regex: re.Pattern[str]

    __slots__ = ("exclusion", "regex")

    def __init__(self, exclusion: bool, regex: re.Pattern[str]) -> None:
        self.exclusion = exclusion
        self.regex = regex


_META = set(".+()|{}$")  # patternmatcher escapes these; the rest is regexp syntax as is


def _compile(pattern: str) -> re.Pattern[str]:
    """patternmatcher's Pattern.compile, always in its regular-expression form."""
    out = ["^"]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        i += 1
        if ch == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":
                    i += 1
                out.append(".*" if i >= n else "(.*/)?")
            else:
                out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch in _META:
            out.append("\\" + ch)
        elif ch == "\\":
            if i < n:
                out.append(re.escape(pattern[i]))
                i += 1
            else:
                out.append("\\\\")
        else:
            out.append(ch)
    out.append("(/.*)?$")
    return re.compile("".join(out), re.DOTALL)


class PatternMatcher:
    def __init__(self, patterns: list[str]) -> None:
        self.patterns: list[_Pattern] = []
        self.exclusions = False
        for raw in patterns:
            raw = raw.strip()
            if not raw:
                continue
            raw = clean(raw)
            exclusion = raw.startswith("!")
            if exclusion:
                raw = raw[1:]
                self.exclusions = True
            try:
                regex = _compile(raw)
            except re.error:
                continue
            self.patterns.append(_Pattern(exclusion, regex))

    def matches_or_parent_matches(self, path: str) -> bool:
        """PatternMatcher.MatchesOrParentMatches."""
        matched = False
        parent = posixpath.dirname(path) or "."
        parent_dirs = parent.split("/")
        for pattern in self.patterns:
            if pattern.exclusion != matched:
                continue
            match = bool(pattern.regex.match(path))
            if not match and parent != ".":
                for i in range(len(parent_dirs)):
                    if pattern.regex.match("/".join(parent_dirs[: i + 1])):
                        match = True
                        break
            if match:
                matched = not pattern.exclusion
        return matched


def load(context_dir: Path, dockerfile: str | None) -> PatternMatcher | None:
    """The matcher BuildKit would use: `<Dockerfile>.dockerignore` next to the Dockerfile
    wins over the context's `.dockerignore`; None when there is neither."""
    candidates = []
    if dockerfile and dockerfile != "-":
        candidates.append(Path(dockerfile + ".dockerignore"))
    # Cleaned like the docker CLI cleans the context path (`a/../b` is `b`).
    candidates.append(Path(posixpath.normpath(str(context_dir))) / ".dockerignore")
    for candidate in candidates:
        try:
            text = candidate.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        return PatternMatcher(read_patterns(text))
    return None
