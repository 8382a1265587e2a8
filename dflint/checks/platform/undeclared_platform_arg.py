"""DF301: an automatic platform ARG used in a stage that never declares it is empty there."""

from __future__ import annotations

from ...engine.registry import check
from ...platforms.variables import undeclared_uses
from . import to_issue


@check("DF301")
def undeclared_platform_arg(ctx):
    for problem in undeclared_uses(ctx):
        yield to_issue(problem)
