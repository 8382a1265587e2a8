"""MultipleInstructionsDisallowed: CMD, ENTRYPOINT or HEALTHCHECK repeated in a stage.

Only the last one takes effect. BuildKit (`validateUsedOnce` in dispatch) reports
each earlier one when the next is met, so the finding is on the overridden line.
Each stage starts afresh, also when it is based on another stage.
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check

ONCE_PER_STAGE = ("CMD", "ENTRYPOINT", "HEALTHCHECK")


@check("DF112")
def multiple_instructions_disallowed(ctx):
    for stage in ctx.model.stages:
        last: dict[str, object] = {}
        for ins in stage.instructions:
            if ins.keyword not in ONCE_PER_STAGE:
                continue
            earlier = last.get(ins.keyword)
            if earlier is not None:
                yield Issue(
                    earlier.keyword_span,
                    f"Multiple {ins.keyword} instructions should not be used in the same stage "
                    f"because only the last one will be used (line {ins.span.line} overrides this one)",
                )
            last[ins.keyword] = ins
