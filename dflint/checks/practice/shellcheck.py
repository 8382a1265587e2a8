"""ShellCheck's findings (SCxxxx) on every shell script, as one passthrough rule.

Off unless asked for (`ctx.options.shellcheck`, the `--shellcheck` flag): ShellCheck
is an external program and by far the slowest part of hadolint. SC codes can be
silenced like hadolint allows, with `# hadolint ignore=SC2086` or
`# dflint ignore=SC2086` above the instruction, or a `global ignore=` pragma.
"""

from __future__ import annotations

import re

from ...engine.findings import Issue
from ...engine.registry import check

# On a physical line (with `#`) or in Instruction.comments (without it).
_PRAGMA = re.compile(r"^\s*#?\s*(?:dflint|hadolint)\s+(global\s+)?ignore\s*=\s*([^\s#]+)", re.IGNORECASE)


def _ignored_codes(ctx):
    """(codes ignored file-wide, {instruction index: codes ignored above it})."""
    global_codes: set[str] = set()
    for line in ctx.doc.lines:
        m = _PRAGMA.search(line) if "SC" in line else None
        if m and m.group(1):
            global_codes |= {c.strip().upper() for c in m.group(2).split(",")}
    local: dict[int, set[str]] = {}
    for ins in ctx.doc.instructions:
        for comment in ins.comments:
            m = _PRAGMA.search(comment)
            if m and not m.group(1):
                local.setdefault(ins.index, set()).update(c.strip().upper() for c in m.group(2).split(","))
    return global_codes, local


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
    global_codes, local = _ignored_codes(ctx)
    for c in comments:
        if c.code in global_codes or c.code in local.get(c.script.instruction.index, ()):
            continue
        yield Issue(c.span, f"{c.code}: {c.message}", severity=c.level, data={"shellcheck": c.code})
