"""Commands that do not belong in a Dockerfile's scripts: cd, sudo, interactive tools, ..."""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check
from ...shell import scripts
from .common import has_option, shell_commands

POINTLESS = frozenset({"ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig", "nano", "reboot"})


@check("DF440")
def cd_instead_of_workdir(ctx):
    for _, cmd in shell_commands(ctx):
        if cmd.name == "cd" and len(cmd.words) > 1 and cmd.words[1] != "-":
            yield Issue(cmd.span, "Use WORKDIR to switch to a directory instead of `cd`")


@check("DF441")
def sudo(ctx):
    for script in scripts(ctx):
        for cmd in script.commands:
            if cmd.name == "sudo":
                yield Issue(cmd.word_span(0), "Do not use `sudo`: RUN already runs as the current USER; switch with USER instead")


@check("DF442")
def pointless_commands(ctx):
    for _, cmd in shell_commands(ctx):
        if cmd.name in POINTLESS:
            yield Issue(cmd.word_span(0), f"`{cmd.name}` makes no sense in an image build (nothing interactive runs, no services are up)")


@check("DF443")
def wget_and_curl(ctx):
    """One download tool per stage: having both installed and used wastes space."""
    seen: dict[int, dict[str, object]] = {}
    for script, cmd in shell_commands(ctx):
        if cmd.name not in ("wget", "curl"):
            continue
        stage = ctx.model.stage_of.get(script.instruction.index)
        if stage is None:
            continue
        tools = seen.setdefault(stage.index, {})
        if cmd.name not in tools:
            tools[cmd.name] = cmd
            if len(tools) == 2:
                other = "curl" if cmd.name == "wget" else "wget"
                yield Issue(cmd.word_span(0), f"Either use `wget` or `curl`, not both (this stage already uses `{other}`)")


@check("DF444")
def useradd_without_l(ctx):
    """`useradd` with a large UID fills /var/log/lastlog (sparse on disk, not in a layer)."""
    for _, cmd in shell_commands(ctx):
        if cmd.name != "useradd" or has_option(cmd, "l", ("no-log-init",)):
            continue
        words = cmd.words
        for i, word in enumerate(words):
            uid = None
            if word in ("-u", "--uid") and i + 1 < len(words):
                uid = words[i + 1]
            elif word.startswith("--uid="):
                uid = word.split("=", 1)[1]
            elif word.startswith("-u") and word[2:].isdigit():
                uid = word[2:]
            if uid is not None and uid.isdigit() and len(uid) > 5:
                yield Issue(cmd.span, f"`useradd` with UID {uid} and without `-l` makes a huge /var/log/lastlog: add `--no-log-init`")
                break


@check("DF445")
def wget_progress(ctx):
    for _, cmd in shell_commands(ctx):
        if cmd.name != "wget":
            continue
        words = cmd.words
        if any(w.startswith("--progress") or w in ("-q", "--quiet", "-nv", "--no-verbose") for w in words):
            continue
        if any(w.startswith("-") and not w.startswith("--") and "q" in w for w in words[1:]):
            continue
        yield Issue(cmd.word_span(0), "`wget` without `--progress=dot:giga` (or `-q`/`-nv`) floods the build log")


@check("DF447")
def shell_replaced_by_symlink(ctx):
    """`ln -sf /bin/bash /bin/sh` changes the shell behind everyone's back; SHELL says it openly."""
    for _, cmd in shell_commands(ctx):
        if cmd.name != "ln" or not any(w.startswith("-") and "s" in w for w in cmd.words[1:]):
            continue
        operands = [w for w in cmd.words[1:] if not w.startswith("-")]
        if len(operands) == 2 and operands[1] in ("/bin/sh", "/usr/bin/sh") and operands[0].rsplit("/", 1)[-1] in ("bash", "zsh", "ksh", "dash", "ash"):
            yield Issue(cmd.span, f"Use SHELL [\"{operands[0]}\", \"-c\"] to change the shell instead of replacing /bin/sh")
