"""CopyIgnoredFile: COPY/ADD of a context path that `.dockerignore` excludes.

The excluded file is simply not in the build context, so the build fails with
"not found" or silently copies less. BuildKit checks each source of a COPY/ADD
from the main context (not `--from`, URLs or heredocs), after variable expansion,
and skips the check when `.dockerignore` has `!` exceptions (convert.go
`validateCopySourcePath`). Needs the build context (`--context`). Copying the
whole context (`COPY . /app`) is not judged: it copies what is left.
"""

from __future__ import annotations

import posixpath
import re

from ...engine.findings import Issue
from ...engine.registry import check
from ...syntax.shell_words import Lexer, ShellWordError
from .dockerignore import load
from .stage_env import expansion_env
from .where import on_first_line

_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@)", re.IGNORECASE)


def _matcher(ctx):
    if ctx.options.context_dir is None:
        return None
    return ctx.memo("buildkit.dockerignore", lambda: load(ctx.options.context_dir, ctx.path))


def _sources(ins):
    spans = list(ins.arg_spans) + [None] * (len(ins.args) - len(ins.arg_spans))
    return list(zip(ins.args[:-1], spans[:-1]))


@check("DF118")
def copy_ignored_file(ctx):
    matcher = _matcher(ctx)
    if matcher is None or matcher.exclusions or not matcher.patterns:
        return
    lexer = Lexer(ctx.doc.escape)
    for stage in ctx.model.stages:
        for ins in stage.instructions:
            if ins.keyword not in ("COPY", "ADD") or ins.flag("from") is not None:
                continue
            verb = "Copy" if ins.keyword == "COPY" else "Add"
            env = expansion_env(ctx, ins)
            for word, span in _sources(ins):
                if word.startswith("<<"):
                    continue
                try:
                    result = lexer.process_word_with_matches(word, env.values)
                except ShellWordError:
                    continue
                if not env.exact(result) or _REMOTE.match(result.result):
                    continue
                path = posixpath.normpath("/" + result.result).lstrip("/")
                if path and matcher.matches_or_parent_matches(path):
                    yield Issue(
                        on_first_line(ins, span),
                        f'Attempting to {verb} file "{path}" that is excluded by .dockerignore',
                    )
