"""The variables BuildKit expands `FROM` words with: global ARGs and the automatic platform ARGs.

Shared by the checks on FROM (undeclared names, redundant or constant --platform,
invalid defaults); computed once per file.
"""

from __future__ import annotations


from ...records import Record
from ...model.types import EXTRA_AUTOMATIC_ARGS, PLATFORM_ARGS
from ...syntax.shell_words import Lexer, ShellWordError


class FromEnv(Record):
    values: dict[str, str]  # what BuildKit would expand with, defaults only (no --build-arg)
    declared: set[str]  # every global ARG name and automatic ARG: never "undeclared"
    complete: bool  # False when a global ARG default could not be expanded

    __slots__ = ("values", "declared", "complete")

    def __init__(self, values: dict[str, str], declared: set[str], complete: bool) -> None:
        self.values = values
        self.declared = declared
        self.complete = complete


def _platform_values(platform: str) -> dict[str, str]:
    parts = platform.split("/")
    os_, arch = parts[0], parts[1] if len(parts) > 1 else "amd64"
    variant = parts[2] if len(parts) > 2 else ""
    values = {}
    for prefix in ("BUILD", "TARGET"):
        values[prefix + "PLATFORM"] = platform
        values[prefix + "OS"] = os_
        values[prefix + "ARCH"] = arch
        values[prefix + "VARIANT"] = variant
    return values


def from_env(ctx) -> FromEnv:
    return ctx.memo("buildkit.from_env", lambda: _build(ctx))


def _build(ctx) -> FromEnv:
    platform = ctx.options.platforms[0] if ctx.options.platforms else "linux/amd64"
    values = _platform_values(platform)
    declared = set(PLATFORM_ARGS) | set(EXTRA_AUTOMATIC_ARGS)
    lexer = Lexer(ctx.doc.escape)
    complete = True
    for ins in ctx.doc.instructions:
        if ins.keyword == "FROM":
            break
        if ins.keyword != "ARG":
            continue
        for word in ins.args:
            name, eq, default = word.partition("=")
            declared.add(name)
            if not eq:
                continue
            try:
                values[name] = lexer.process_word(default, values)
            except ShellWordError:
                complete = False
    return FromEnv(values, declared, complete)
