"""ShellCheck's findings (SCxxxx) on every shell script, as one passthrough rule.

Off unless asked for (`ctx.options.shellcheck`, the `--shellcheck` flag): ShellCheck
is an external program and by far the slowest part of hadolint. SC codes can be
silenced like hadolint allows, with `# hadolint ignore=SC2086` or
`# dflint ignore=SC2086` above the instruction, or a `global ignore=` pragma.
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check


@check("DF601")
def shellcheck(ctx):
    if not ctx.options.shellcheck:
        return
    from ...shell.shellcheck import MEMO_KEY, ShellCheckUnavailable, check_scripts, jobs_of

    jobs = jobs_of(ctx)
    if not jobs:
        return
    try:
        comments = ctx.memo(MEMO_KEY, lambda: check_scripts(jobs))
    except ShellCheckUnavailable as e:
        first = jobs[0][0].instruction
        yield Issue(first.keyword_span or first.span, f"ShellCheck was requested but cannot run: {e}", severity="error")
        return
    for c in comments:  # `ignore=SC2086` pragmas are applied by the engine, like rule ids
        yield Issue(c.span, f"{c.code}: {c.message}", severity=c.level, data={"shellcheck": c.code})
