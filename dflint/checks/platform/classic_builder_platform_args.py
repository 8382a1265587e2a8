"""DF304: platform ARGs on a target builder that never sets them (the classic builder)."""

from __future__ import annotations

from ...engine.registry import check
from ...platforms.flags import classic_builder_problems
from . import to_issue


@check("DF304")
def classic_builder_platform_args(ctx):
    for problem in classic_builder_problems(ctx):
        yield to_issue(problem)
