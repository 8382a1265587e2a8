"""NoEmptyContinuation: an empty line inside a `\\` continuation.

BuildKit's parser joins the lines anyway and warns that this will become an error;
it reports the instruction's last line, once per instruction.
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check
from ...syntax.ast import Span


@check("DF103")
def no_empty_continuation(ctx):
    for last_line, empty_lines in ctx.doc.empty_continuations:
        text = ctx.doc.lines[last_line - 1] if last_line <= len(ctx.doc.lines) else ""
        listed = ", ".join(str(n) for n in empty_lines)
        yield Issue(
            Span(last_line, 1, last_line, len(text) + 1),
            f"Empty continuation line found (line {listed}); empty continuation lines will become errors in a future release",
        )
