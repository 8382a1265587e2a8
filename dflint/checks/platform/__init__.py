"""Multi-platform build problems (DF3xx). The analyses live in `dflint.platforms`,
shared with the platform summary; each check here reports one of them."""

from __future__ import annotations

from ...engine.findings import Issue


def to_issue(problem) -> Issue:
    """The finding a platform problem becomes."""
    return Issue(problem.span, problem.message, fix=problem.fix, severity=problem.severity, data=dict(problem.data or {}))
