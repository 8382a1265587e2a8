"""Suppression comments: dflint's own, hadolint's (mapped through aliases) and BuildKit's.

- `# dflint ignore=ID[,ID] [reason]` on the line(s) right above an instruction;
  `# dflint global ignore=ID[,...]` anywhere for the whole file.
- `# hadolint ignore=DL3008` / `# hadolint global ignore=...`, so files written for
  hadolint keep working; DL codes resolve through each rule's `hadolint` alias.
- BuildKit's `# check=skip=Rule1,Rule2|all` directive and, above an instruction, the
  per-instruction `# check=skip=...` comment (frontend 1.21+); these only silence
  rules that mirror a BuildKit check, as in BuildKit.
IDs may be rule ids, names or aliases.
"""

from __future__ import annotations

import re

from ..syntax.ast import Document
from .catalog import Catalog
from .findings import Finding

_PRAGMA = re.compile(r"^\s*#\s*(dflint|hadolint)\s+(global\s+)?ignore\s*=\s*([^\s#]+)", re.I)
_CHECK_SKIP = re.compile(r"^\s*#\s*check\s*=\s*(.*)$", re.I)


def _check_skips(value: str) -> set[str] | None:
    """Rule names skipped by a `check=` value ('all' -> None meaning every check)."""
    skipped: set[str] = set()
    for part in value.split(";"):
        key, _, val = part.strip().partition("=")
        if key.strip().lower() == "skip":
            names = {n.strip() for n in val.split()[0].split(",")} if val.split() else set()
            if "all" in names:
                return None
            skipped |= names
    return skipped


def _resolve(cat: Catalog, keys: str) -> set[str]:
    ids = set()
    for key in keys.split(","):
        ids.update(r.id for r in cat.resolve(key))
    return ids


def _ignored_above(doc: Document, line: int, cat: Catalog) -> tuple[set[str], set[str] | None]:
    """Rule ids ignored by pragmas in the comment block right above `line`, and BuildKit skips."""
    ids: set[str] = set()
    bk_skips: set[str] = set()
    index = line - 2
    while index >= 0:
        text = doc.lines[index].strip()
        if not text.startswith("#"):
            break
        m = _PRAGMA.match(text)
        if m and not m.group(2):
            ids |= _resolve(cat, m.group(3))
        c = _CHECK_SKIP.match(text)
        if c:
            skips = _check_skips(c.group(1))
            if skips is None:
                return ids, None
            bk_skips |= skips
        index -= 1
    return ids, bk_skips


def apply_suppressions(doc: Document, findings: list[Finding], cat: Catalog) -> list[Finding]:
    if not findings:
        return findings
    global_ids: set[str] = set()
    for text in doc.lines:
        if "ignore" in text:
            m = _PRAGMA.match(text)
            if m and m.group(2):
                global_ids |= _resolve(cat, m.group(3))
    file_skips: set[str] | None = set()
    if "check" in doc.directives:
        file_skips = _check_skips(doc.directives["check"].value)
    starts = sorted({i.span.line for i in doc.instructions})
    import bisect

    kept = []
    cache: dict[int, tuple[set[str], set[str] | None]] = {}
    for f in findings:
        if f.rule in global_ids:
            continue
        if f.buildkit_check and (file_skips is None or f.buildkit_check in file_skips):
            continue
        k = bisect.bisect_right(starts, f.span.line) - 1
        if k >= 0:
            start = starts[k]
            if start not in cache:
                cache[start] = _ignored_above(doc, start, cat)
            ids, bk = cache[start]
            if f.rule in ids:
                continue
            if f.buildkit_check and (bk is None or f.buildkit_check in bk):
                continue
        kept.append(f)
    return kept
