"""Shell analysis: the scripts a Dockerfile runs, parsed into commands mapped to Dockerfile spans.

    from dflint.shell import scripts
    for script in scripts(ctx):          # RUN lines, heredoc bodies, ONBUILD RUN
        for cmd in script.commands:      # empty unless the interpreter is a POSIX shell
            cmd.name, cmd.words, cmd.operator, cmd.in_pipeline, cmd.span

See docs/shell-analysis.md.
"""

from .extract import scripts, shell_of
from .model import Command, Script

__all__ = ["Command", "Script", "scripts", "shell_of"]
