"""DF306: an architecture written into a stage that builds for the target platform.

Reported only when it matters: when it contradicts the stage's own --platform,
when `--platform` asks for a platform it is wrong for, or, without `--platform`,
when the Dockerfile itself is meant to be multi-platform. A single-platform
Dockerfile that downloads the amd64 build is fine for amd64.
"""

from __future__ import annotations

from ...engine.registry import check
from ...platforms.hardcoded import contradictions, hard_coded
from ...platforms.intent import intent
from ...platforms.spec import host_platform
from . import to_issue


def _matters(problem, wanted, machine) -> bool:
    if problem.works_on is None:
        return True
    if wanted.platforms:
        return any(problem.breaks(platform, machine) for platform in wanted.platforms)
    return wanted.multi


@check("DF306")
def hard_coded_arch(ctx):
    wanted = intent(ctx)
    # Without intended platforms only what contradicts a stage's own --platform matters.
    problems = hard_coded(ctx) if wanted.platforms or wanted.multi else contradictions(ctx)
    machine = host_platform()
    for problem in problems:
        if _matters(problem, wanted, machine):
            yield to_issue(problem)
