"""DF902: a `check=` value BuildKit refuses.

In the `# check=` directive an invalid option fails the whole build
(`failed to parse check options: invalid check option "…"`), with or without
`--check`. The same grammar applies to the per-instruction comment above an
instruction (frontend 1.21+), where dflint reports it as a warning.
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check
from ...engine.suppress import (
    CheckOptionError,
    instruction_check_comments,
    parse_check_options,
)
from ...syntax.ast import Span


@check("DF902")
def invalid_check_option(ctx):
    doc = ctx.doc
    directive = doc.directives.get("check")
    if directive is not None:
        try:
            parse_check_options(directive.value)
        except CheckOptionError as err:
            yield Issue(directive.value_span, f"failed to parse check options: {err}")
    previous_end = 0
    for ins in doc.instructions:
        for comment in instruction_check_comments(doc, ins, previous_end):
            try:
                parse_check_options(comment.value)
            except CheckOptionError as err:
                span = Span(comment.line, comment.column, comment.line, comment.column + len(comment.value))
                yield Issue(span, f"this check= comment is ignored: {err}", severity="warning")
        previous_end = ins.span.end_line
