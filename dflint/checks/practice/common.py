"""Helpers shared by the practice checks: commands of shell scripts, options, cache mounts, stages."""

from __future__ import annotations

from ...engine.findings import Edit
from ...shell import Command, Script, scripts
from ...syntax.ast import Span
from ...syntax.mounts import MountError, parse_mount


def shell_commands(ctx) -> list[tuple[Script, Command]]:
    """Every simple command of every shell script, with `sudo`/`env` wrappers removed."""

    def collect():
        return [(s, c.unwrapped()) for s in scripts(ctx) if s.is_shell for c in s.commands if c.words]

    return ctx.memo("practice.commands", collect)


def subcommand(cmd: Command, options_with_values: frozenset[str] = frozenset(), start: int = 1) -> tuple[str | None, int]:
    """The first non-option argument from `start` on (`install` in `apt-get -q install x`) and its index."""
    words = cmd.words
    i = start
    while i < len(words):
        word = words[i]
        if word.startswith("-"):
            i += 2 if (word in options_with_values and "=" not in word) else 1
            continue
        return word, i
    return None, -1


def has_option(cmd: Command, short: str = "", long: tuple[str, ...] = ()) -> bool:
    """Whether a flag is given: `-y`, bundled `-qy`, `--yes`, `--yes=true`."""
    for word in cmd.words[1:]:
        if word == "--":
            break
        if word.startswith("--"):
            if word[2:].split("=", 1)[0] in long:
                return True
        elif short and word.startswith("-") and len(word) > 1 and word[1:].isalpha() and short in word[1:]:
            return True
    return False


def mounts(run) -> list:
    """The parsed `--mount` flags of a RUN (invalid ones are the parse family's business)."""
    found = []
    for flag in run.flags_named("mount"):
        if flag.value:
            try:
                found.append(parse_mount(flag.value))
            except MountError:
                continue
    return found


def cache_mounted(run, *paths: str) -> bool:
    """Whether any of `paths` lies in a cache or tmpfs mount of the RUN (so nothing stays in the image)."""
    for mount in mounts(run):
        if mount.type not in ("cache", "tmpfs") or not mount.target:
            continue
        target = mount.target.rstrip("/") or "/"
        for path in paths:
            if path == target or path.startswith(target + "/") or target == "/":
                return True
    return False


def final_image_stages(ctx) -> set[int]:
    """Indexes of the stages whose layers end up in the default target: the last stage and its FROM chain."""

    def compute():
        stages = ctx.model.stages
        if not stages:
            return set()
        out = set()
        stage = stages[-1]
        while stage is not None:
            out.add(stage.index)
            stage = stage.base_stage
        return out

    return ctx.memo("practice.final-stages", compute)


def run_commands(ctx) -> dict[int, list[tuple[Script, Command]]]:
    """Commands grouped by the instruction that holds them (a RUN and its heredoc scripts together)."""

    def group():
        out: dict[int, list[tuple[Script, Command]]] = {}
        for script, cmd in shell_commands(ctx):
            out.setdefault(script.instruction.index, []).append((script, cmd))
        return out

    return ctx.memo("practice.by-instruction", group)


def buildkit_syntax(ctx) -> bool:
    """Whether the file already relies on BuildKit (then a cache mount is a fitting suggestion)."""
    doc = ctx.doc
    return "syntax" in doc.directives or any(i.command.flags_named("mount") or i.heredocs for i in doc.instructions)


def insert_after(span: Span, text: str) -> Edit:
    """An edit that inserts `text` right after `span`."""
    return Edit(Span(span.end_line, span.end_column, span.end_line, span.end_column), text)
