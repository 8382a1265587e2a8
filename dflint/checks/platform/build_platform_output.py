"""DF305: a $BUILDPLATFORM stage compiles for the build machine, and its output goes into the image."""

from __future__ import annotations

from ...engine.registry import check
from ...platforms.crossbuild import build_stage_outputs
from . import to_issue


@check("DF305")
def build_platform_output(ctx):
    for problem in build_stage_outputs(ctx):
        yield to_issue(problem)
