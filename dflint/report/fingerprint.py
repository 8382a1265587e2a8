"""Stable finding fingerprints for CI systems that track findings across commits.

A fingerprint hashes the rule, the file, the text of the instruction the finding
is in and the occurrence index of that (rule, instruction text) pair in the
file — never the line number — so a finding keeps its identity when unrelated
lines are added above it, and two identical instructions stay distinct.
"""

from __future__ import annotations

import hashlib


# Anchors of documents `dflint check` already parsed, by text: parsing every file a
# second time cost SARIF and GitLab reports as much as the parse before linting.
_remembered: dict[str, tuple[list[tuple[int, int, str]], list[str]]] = {}


def remember(doc) -> None:
    """Keep what `fingerprints` needs of `doc`, when parsing `doc.text` again would give
    the same instructions: not when a byte-order mark is left at its start (the parser
    drops one per parse) or a line is long enough for the line-length limit, which
    counts the dropped mark."""
    from ..syntax.lines import BOM, MAX_LINE_BYTES

    if doc.text.startswith(BOM) or any(len(line) + 2 >= MAX_LINE_BYTES // 4 for line in doc.lines):
        return
    _remembered[doc.text] = _anchors(doc)


def forget() -> None:
    """Drop what `remember` kept (once the report is written)."""
    _remembered.clear()


def _anchors(doc) -> tuple[list[tuple[int, int, str]], list[str]]:
    return [(ins.span.line, ins.span.end_line, ins.original) for ins in doc.instructions], doc.lines


def _instruction_text(instructions, lines, line: int) -> str:
    """The instruction text covering `line` (normalised whitespace), else the line itself."""
    for first, last, original in instructions:
        if first <= line <= last:
            return " ".join(original.split())
    if 0 < line <= len(lines):
        return " ".join(lines[line - 1].split())
    return ""


def fingerprints(path: str, text: str, findings) -> list[str]:
    """One hex fingerprint per finding, in the same order."""
    known = _remembered.get(text)
    if known is None:
        from ..syntax import parse

        known = _anchors(parse(text))
    instructions, lines = known
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in findings:
        anchor = _instruction_text(instructions, lines, f.span.line)
        occurrence = seen.get((f.rule, anchor), 0)
        seen[(f.rule, anchor)] = occurrence + 1
        payload = "\0".join((f.rule, path, anchor, str(occurrence)))
        out.append(hashlib.sha256(payload.encode("utf-8")).hexdigest())
    return out
