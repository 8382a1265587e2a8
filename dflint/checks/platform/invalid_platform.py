"""DF303: a FROM --platform value containerd refuses, or one built from an undefined variable."""

from __future__ import annotations

from ...engine.registry import check
from ...platforms.flags import invalid_platform_flags
from . import to_issue


@check("DF303")
def invalid_platform(ctx):
    for problem in invalid_platform_flags(ctx):
        yield to_issue(problem)
