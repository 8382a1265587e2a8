"""Stable finding fingerprints for CI systems that track findings across commits.

A fingerprint hashes the rule, the file, the text of the instruction the finding
is in and the occurrence index of that (rule, instruction text) pair in the
file — never the line number — so a finding keeps its identity when unrelated
lines are added above it, and two identical instructions stay distinct.
"""

from __future__ import annotations

import hashlib


def _instruction_text(doc, line: int) -> str:
    """The instruction text covering `line` (normalised whitespace), else the line itself."""
    for ins in doc.instructions:
        if ins.span.line <= line <= ins.span.end_line:
            return " ".join(ins.original.split())
    if 0 < line <= len(doc.lines):
        return " ".join(doc.lines[line - 1].split())
    return ""


def fingerprints(path: str, text: str, findings) -> list[str]:
    """One hex fingerprint per finding, in the same order."""
    from ..syntax import parse

    doc = parse(text)
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in findings:
        anchor = _instruction_text(doc, f.span.line)
        occurrence = seen.get((f.rule, anchor), 0)
        seen[(f.rule, anchor)] = occurrence + 1
        payload = "\0".join((f.rule, path, anchor, str(occurrence)))
        out.append(hashlib.sha256(payload.encode("utf-8")).hexdigest())
    return out
