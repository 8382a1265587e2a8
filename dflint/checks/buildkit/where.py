"""Where to put a finding so that its line is the one BuildKit reports.

BuildKit's warnings carry the whole instruction's range and tools show its first
line; a finding on a word keeps that line only if the word is on it.
"""

from __future__ import annotations

from ...syntax.ast import Instruction, Span


def on_first_line(ins: Instruction, span: Span | None) -> Span:
    """`span` when it starts on the instruction's first line, else the keyword."""
    if span is not None and span.line == ins.span.line:
        return span
    return ins.keyword_span or ins.span
