"""DF307: `uname -m` & co. in a $BUILDPLATFORM stage report the build machine, not the target."""

from __future__ import annotations

from ...engine.registry import check
from ...platforms.crossbuild import build_machine_probes
from . import to_issue


@check("DF307")
def build_machine_probe(ctx):
    for problem in build_machine_probes(ctx):
        yield to_issue(problem)
