"""Stage-name checks: DuplicateStageName and ReservedStageName (dockerfile2llb/convert.go).

Stage names are compared lower-cased, as BuildKit stores them.
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check

RESERVED_STAGE_NAMES = ("context", "scratch")


def _named_stages(ctx):
    for stage in ctx.model.stages:
        if stage.name:
            yield stage, stage.name_span or stage.from_instruction.keyword_span


@check("DF105")
def duplicate_stage_name(ctx):
    """Reported on every repeat, not on the first definition (BuildKit uses the first)."""
    seen: set[str] = set()
    for stage, span in _named_stages(ctx):
        if stage.name in seen:
            yield Issue(span, f'Duplicate stage name "{stage.name}", stage names should be unique')
        seen.add(stage.name)


@check("DF106")
def reserved_stage_name(ctx):
    for stage, span in _named_stages(ctx):
        if stage.name in RESERVED_STAGE_NAMES:
            yield Issue(span, f'Stage name should not use the same name as reserved stage "{stage.name}"')
