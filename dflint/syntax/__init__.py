"""Dockerfile text -> syntax tree, the way BuildKit reads it (see `parse`)."""

from __future__ import annotations

from .ast import Diagnostic, Directive, Document, Flag, Heredoc, Instruction, Span, Word

__all__ = ["parse", "Diagnostic", "Directive", "Document", "Flag", "Heredoc", "Instruction", "Span", "Word"]


def parse(text: str) -> Document:
    """Parse a Dockerfile; every problem BuildKit would refuse becomes a diagnostic.

    Never raises: parser-level errors (BuildKit's `parser` package) and
    instruction-level errors (its `instructions` package) are both in
    `Document.diagnostics`, sorted by position.
    """
    from .commands import check_instructions
    from .parser import parse as parse_lines

    doc = parse_lines(text)
    doc.diagnostics.extend(check_instructions(doc))
    doc.diagnostics.sort(key=lambda d: (d.span.line, d.span.column))
    return doc
