"""One platform problem, shared by the checks (which report it) and the summary
(which says which platforms it breaks)."""

from __future__ import annotations

from ..records import named_tuple
from ..syntax.ast import Span
from .spec import Platform


@named_tuple
class PlatformProblem:
    """A construct that is right for some platforms only.

    `works_on` lists the platforms it is right for (empty os/arch components match
    anything); None means it is wrong on every platform. `build_machine_only` marks
    output compiled for the build machine: right only when the target is the build
    machine. `rule` is None for facts that no rule reports but the summary needs
    (a stage pinned to one platform). `target` names the builder a problem is
    specific to (the classic builder, which sets no platform ARGs).
    """

    rule: str | None
    span: Span
    message: str
    stage: int | None = None
    works_on: tuple[Platform, ...] | None = None
    build_machine_only: bool = False
    severity: str | None = None
    fix: object = None  # engine.findings.Fix
    target: str | None = None
    data: dict | None = None  # rule-specific extras for the JSON output

    def breaks(self, platform: Platform, build_platform: Platform) -> bool:
        """Whether building for `platform` on a `build_platform` machine goes wrong here."""
        if self.build_machine_only:
            return not build_platform.matches(platform)
        if self.works_on is None:
            return True
        return not any(ok.matches(platform) for ok in self.works_on)
