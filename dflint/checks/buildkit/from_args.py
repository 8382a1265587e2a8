"""Checks on the variables of `FROM`: UndefinedArgInFrom and InvalidDefaultArgInFrom.

Only global ARGs (before the first FROM) and the automatic platform ARGs are
visible to FROM; an ARG declared without a default is declared all the same.
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check
from ...syntax.shell_words import Lexer, ShellWordError
from ...syntax.suggest import closest
from .from_env import from_env
from .image_reference import is_valid_reference
from .where import on_first_line


def _from_words(ins):
    """(text, span) of the words of FROM BuildKit expands: the image and --platform."""
    if ins.args:
        yield ins.args[0], ins.arg_spans[0] if ins.arg_spans else None
    platform = ins.flag("platform")
    if platform is not None and platform.value:
        yield platform.value, platform.span


@check("DF109")
def undefined_arg_in_from(ctx):
    env = from_env(ctx)
    lexer = Lexer(ctx.doc.escape)
    for stage in ctx.model.stages:
        ins = stage.from_instruction
        for word, span in _from_words(ins):
            if "$" not in word:
                continue
            try:
                result = lexer.process_word_with_matches(word, env.values)
            except ShellWordError:
                continue
            for name in sorted(result.unmatched - env.declared):
                suggestion = closest(name, sorted(env.declared), case_sensitive=True)
                message = f"FROM argument '{name}' is not declared"
                if suggestion:
                    message += f" (did you mean {suggestion}?)"
                yield Issue(on_first_line(ins, span), message)


@check("DF116")
def invalid_default_arg_in_from(ctx):
    """`validateBaseImagesWithDefaultArgs`: expand each base name with the global ARG
    defaults only and require a valid image reference. Like BuildKit, gives up when a
    default cannot be expanded; dflint judges only base names that use a variable."""
    env = from_env(ctx)
    if not env.complete:
        return
    lexer = Lexer(ctx.doc.escape)
    for stage in ctx.model.stages:
        ins = stage.from_instruction
        if not ins.args or "$" not in ins.args[0]:
            continue
        try:
            image = lexer.process_word(ins.args[0], env.values)
        except ShellWordError:
            return
        if not is_valid_reference(image):
            yield Issue(
                ins.arg_spans[0] if ins.arg_spans and ins.arg_spans[0] else ins.keyword_span,
                f"Default value for ARG {ins.args[0]} results in empty or invalid base image name",
            )
