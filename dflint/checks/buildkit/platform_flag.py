"""`FROM --platform` checks: RedundantTargetPlatform and FromPlatformFlagConstDisallowed.

Both follow convert.go: the flag is expanded with the global and automatic ARGs;
`$TARGETPLATFORM` alone is redundant (it is the default), and a value with no
variable at all pins the stage to one platform, unless the stage name mentions
that OS or architecture (then it is taken as intended, e.g. `AS build-arm64`).
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check
from ...platforms.spec import PlatformError, parse_platform
from ...syntax.shell_words import Lexer, ShellWordError
from .from_env import from_env


def _platform_flags(ctx):
    env = from_env(ctx)
    lexer = Lexer(ctx.doc.escape)
    for stage in ctx.model.stages:
        flag = stage.from_instruction.flag("platform")
        if flag is None or not flag.value:
            continue
        try:
            result = lexer.process_word_with_matches(flag.value, env.values)
        except ShellWordError:
            continue
        yield stage, flag, result, env


@check("DF114")
def redundant_target_platform(ctx):
    for _, flag, result, env in _platform_flags(ctx):
        if result.matched == {"TARGETPLATFORM"} and not result.unmatched and result.result == env.values["TARGETPLATFORM"]:
            yield Issue(
                flag.span,
                f"Setting platform to predefined {flag.value} in FROM is redundant as this is the default behavior",
            )


@check("DF117")
def from_platform_flag_const_disallowed(ctx):
    for stage, flag, result, _ in _platform_flags(ctx):
        if result.matched or result.unmatched:
            continue
        try:
            platform = parse_platform(result.result)
        except PlatformError:
            continue
        name = stage.name or ""
        if platform.os in name or platform.arch in name:
            continue
        yield Issue(flag.span, f'FROM --platform flag should not use constant value "{result.result}"')
