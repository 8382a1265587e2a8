"""WorkdirRelativePath: the first WORKDIR of a stage is a relative path.

A relative WORKDIR is resolved against the base image's working directory, which
may change with the image. BuildKit (`dispatchWorkdir`) judges only the first
WORKDIR of a stage, and a stage based on another stage of the file inherits that
stage's "WORKDIR already set". A path whose variables the Dockerfile does not
define (they may come from the base image) is left alone; an ARG without a
default counts as empty, as in a build without `--build-arg`.
"""

from __future__ import annotations

import re

from ...engine.findings import Issue
from ...engine.registry import check
from ...syntax.shell_words import Lexer, ShellWordError
from .stage_env import expansion_env

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:)?[\\/]")


def _expanded(ctx, ins, lexer) -> str | None:
    word = ins.args[0]
    if "$" not in word:
        return lexer.process_word(word, {})
    env = expansion_env(ctx, ins)
    result = lexer.process_word_with_matches(word, env.values)
    return result.result if env.exact(result) else None


@check("DF110")
def workdir_relative_path(ctx):
    lexer = Lexer(ctx.doc.escape)
    workdir_set: dict[int, bool] = {}
    for stage in ctx.model.stages:
        done = stage.base_stage is not None and workdir_set.get(stage.base_stage.index, False)
        for ins in stage.instructions:
            if ins.keyword != "WORKDIR" or not ins.args:
                continue
            if not done:
                try:
                    path = _expanded(ctx, ins, lexer)
                except ShellWordError:
                    path = None
                if path is not None and not _WINDOWS_ABSOLUTE.match(path):
                    yield Issue(
                        ins.arg_spans[0] if ins.arg_spans and ins.arg_spans[0] else ins.keyword_span,
                        f'Relative workdir "{path}" can have unexpected results if the base image changes',
                    )
            done = True
        workdir_set[stage.index] = done
