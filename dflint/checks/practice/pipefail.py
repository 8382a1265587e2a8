"""Flags pipes whose failures are lost, because `a | b` only fails when `b` does.

Only a shell with `pipefail` can fix that, and the default `/bin/sh` of Debian and
Ubuntu is dash, which has none (`set: Illegal option -o pipefail`). So the advice
depends on the interpreter: `set -o pipefail` for bash/zsh/ksh/ash scripts, a SHELL
with bash (or ash on Alpine) for `/bin/sh` scripts. Heredoc scripts are judged by
their own interpreter (`RUN <<EOF bash`, a `#!/bin/bash` line).
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check
from ...shell import scripts
from ...shell.model import PIPEFAIL_SHELLS, POSIX_SHELLS


def _sets_pipefail(words: list[str]) -> bool:
    """`set -o pipefail`, `set -euo pipefail`, `set -eux -o pipefail`, ..."""
    for i, word in enumerate(words[:-1]):
        if word.startswith("-") and not word.startswith("--") and word.endswith("o") and words[i + 1] == "pipefail":
            return True
    return False


@check("DF446")
def missing_pipefail(ctx):
    for script in scripts(ctx):
        if not script.is_shell or _sets_pipefail(list(script.shell)):
            continue
        for cmd in script.commands:
            if cmd.name == "set" and _sets_pipefail(cmd.words):
                break
            if cmd.operator in ("|", "|&"):
                yield Issue(cmd.span, _advice(script.interpreter))
                break


def _advice(interpreter: str) -> str:
    lost = "A failure before `|` is lost: only the last command of a pipe sets the exit status"
    if interpreter in PIPEFAIL_SHELLS:
        return f"{lost}; start the script with `set -o pipefail`"
    if interpreter in POSIX_SHELLS:
        return (
            f"{lost}; `/bin/sh` may be dash, which has no pipefail: set "
            'SHELL ["/bin/bash", "-o", "pipefail", "-c"] (or ["/bin/ash", "-o", "pipefail", "-c"] on Alpine) before this RUN'
        )
    return lost
