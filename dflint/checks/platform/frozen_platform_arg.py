"""DF302: a default on a platform ARG replaces what --platform would set."""

from __future__ import annotations

from ...engine.registry import check
from ...platforms.variables import frozen_defaults
from . import to_issue


@check("DF302")
def frozen_platform_arg(ctx):
    for problem in frozen_defaults(ctx):
        yield to_issue(problem)
