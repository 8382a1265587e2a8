"""dflint: a Dockerfile linter that knows what each builder will do with your Dockerfile.

Public API (stable):

- ``parse(text) -> Document``: the syntax tree, as BuildKit's parser sees it.
- ``lint(text, *, path=None, targets=(), platforms=(), select=None, ignore=(), context_dir=None) -> list[Finding]``
- ``expand(word, env, *, escape="\\\\") -> str``: BuildKit's variable expansion and quote removal.
- ``split_words(text, env, *, escape="\\\\") -> list[str]``: BuildKit's word splitting.

`expand` and `split_words` raise ``ShellWordError`` (a ``ValueError``) wherever
BuildKit's shell lexer errors.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["parse", "lint", "expand", "split_words", "ShellWordError", "__version__"]


def parse(text: str):
    """Parse Dockerfile text; never raises (problems are in `.diagnostics`)."""
    from .syntax import parse as _parse

    return _parse(text)


def lint(
    text: str,
    *,
    path: str | None = None,
    targets=(),
    platforms=(),
    select=None,
    ignore=(),
    context_dir=None,
):
    """Lint Dockerfile text and return the findings, sorted by position.

    `targets` are builder names such as "legacy:20.10" or "buildkit"; `platforms`
    are the platforms you intend to build ("linux/amd64", ...); `select`/`ignore`
    take rule ids, names, BuildKit check names or hadolint codes.
    """
    from .engine.context import LintOptions
    from .engine.linter import Selection, lint_document
    from .syntax import parse as _parse

    options = LintOptions(platforms=tuple(platforms), context_dir=context_dir)
    if targets:
        from .knowledge import parse_target

        options.targets = tuple(parse_target(t) if isinstance(t, str) else t for t in targets)
    selection = Selection.from_keys(select=select, ignore=ignore)
    return lint_document(_parse(text), path=path, options=options, selection=selection)


def expand(word: str, env, *, escape: str = "\\") -> str:
    """Expand variables and remove quotes in one word, exactly as BuildKit does."""
    from .syntax.shell_words import expand as _expand

    return _expand(word, env, escape=escape)


def split_words(text: str, env, *, escape: str = "\\") -> list[str]:
    """Expand and split into words, exactly as BuildKit's ProcessWords does."""
    from .syntax.shell_words import split_words as _split

    return _split(text, env, escape=escape)


def __getattr__(name: str):
    if name == "ShellWordError":
        from .syntax.shell_words import ShellWordError

        return ShellWordError
    raise AttributeError(name)
