"""Narrowing a span to part of the text it covers, when that is safe to do."""

from __future__ import annotations

from ..syntax.ast import Span


def inside(span: Span, length: int, start: int, end: int) -> Span:
    """Characters [start, end) of a `length`-character text at `span`, or `span` itself.

    Only a one-line span exactly as wide as the text maps offsets one to one
    (quotes or continuations in between would shift them).
    """
    if span.line == span.end_line and span.end_column - span.column == length:
        return Span(span.line, span.column + start, span.line, span.column + end)
    return span


def tail(span: Span, text: str, value: str) -> Span:
    """The span of `value` at the end of `text` (e.g. the name in `--from=name`)."""
    return inside(span, len(text), len(text) - len(value), len(text))
