"""Apply fixes to Dockerfile text: exact edits, no overlaps, to a fixed point, verified.

Every pass lints the current text, applies the non-overlapping fixes the user
allows (safe, or also unsafe), then re-parses and re-lints. A pass that adds a
parse error or a finding that was not there before is undone fix by fix, keeping
only the fixes that verify on their own. Passes repeat until nothing changes, so
the result is idempotent: fixing the output again changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine.findings import Finding, Fix
from ..syntax.ast import Span

MAX_PASSES = 50  # one fix per pass in the worst case


@dataclass(slots=True)
class FixResult:
    text: str
    applied: list[Finding] = field(default_factory=list)
    rejected: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, why)
    remaining: list[Finding] = field(default_factory=list)


class LineIndex:
    """Converts Spans (which ignore line endings) to offsets in the raw text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.length = len(text)

    def offset(self, line: int, column: int) -> int:
        if line > len(self.starts):
            return self.length
        return min(self.starts[line - 1] + column - 1, self.length)

    def range(self, span: Span) -> tuple[int, int]:
        return self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)


def newline_of(text: str) -> str:
    """The file's line ending: CRLF when most lines use it."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def apply_edits(text: str, fixes: list[Fix]) -> tuple[str, list[int]]:
    """Apply the fixes that do not overlap earlier ones; returns (text, indexes applied)."""
    index = LineIndex(text)
    newline = newline_of(text)
    planned: list[tuple[int, int, str, int]] = []
    taken: list[tuple[int, int]] = []
    for k, fix in enumerate(fixes):
        ranges = [(index.range(e.span), e.text) for e in fix.edits]
        if any(_overlaps(r, t) for (r, _) in ranges for t in taken):
            continue
        for (start, end), new in ranges:
            planned.append((start, end, new.replace("\n", newline) if newline != "\n" else new, k))
            taken.append((start, end))
    applied = sorted({k for *_, k in planned})
    out = text
    for start, end, new, _ in sorted(planned, key=lambda p: (p[0], p[1]), reverse=True):
        out = out[:start] + new + out[end:]
    return out, applied


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a == b:
        return True  # two edits of the same place (e.g. two inserts) conflict
    return a[0] < b[1] and b[0] < a[1]


def _fingerprint(findings: list[Finding]) -> Counter:
    # By rule only: a message may quote the very text a fix changes, and lines
    # move when fixes insert lines; a new finding shows up as one more of a rule.
    return Counter(f.rule for f in findings)


def fix_text(
    text: str,
    lint: Callable[[str], tuple[list[Finding], bool]],
    *,
    unsafe: bool = False,
) -> FixResult:
    """Fix `text` to a fixed point. `lint(text)` returns (findings, has_parse_errors)."""
    result = FixResult(text=text)
    findings, broken = lint(text)
    refused: dict[tuple, tuple[Finding, str]] = {}  # refused on the current text
    for _ in range(MAX_PASSES):
        candidates = [f for f in findings if f.fix and (unsafe or f.fix.safety == "safe")]
        candidates = [f for f in candidates if (f.rule, f.message, f.fix.description) not in refused]
        if not candidates:
            break
        new_text, applied = apply_edits(result.text, [f.fix for f in candidates])
        chosen = [candidates[k] for k in applied]
        ok, new_findings, why = _verify(result.text, new_text, findings, chosen, lint, broken)
        if not ok:
            # Undo the pass; keep the first fix that verifies on its own. Its edits
            # move text, so the others' spans are stale: the next pass re-lints.
            new_text, chosen, new_findings = result.text, [], findings
            for f in candidates:
                trial, applied_one = apply_edits(result.text, [f.fix])
                if not applied_one:
                    continue
                good, trial_findings, why_one = _verify(result.text, trial, findings, [f], lint, broken)
                if good:
                    new_text, new_findings, chosen = trial, trial_findings, [f]
                    break
                refused[(f.rule, f.message, f.fix.description)] = (f, why_one)
        if new_text == result.text:
            break
        result.text, findings = new_text, new_findings
        result.applied.extend(chosen)
        refused.clear()  # the text changed: a fix refused before may verify now
    result.rejected = list(refused.values())
    result.remaining = findings
    return result


def _verify(old, new, old_findings, chosen, lint, was_broken):
    if new == old:
        return True, old_findings, ""
    findings, broken = lint(new)
    if broken and not was_broken:
        return False, findings, "the fixed file no longer parses"
    before = _fingerprint(old_findings)
    for f in chosen:
        before[f.rule] -= 1
    after = _fingerprint(findings)
    added = [rule for rule, count in after.items() if count > max(before.get(rule, 0), 0)]
    if added:
        example = next(f for f in findings if f.rule == added[0])
        return False, findings, f"it would introduce {example.rule}: {example.message}"
    return True, findings, ""
