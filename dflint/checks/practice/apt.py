"""Debian/SUSE package-manager habits: recommends, `apt` in scripts, `zypper dist-upgrade`."""

from __future__ import annotations

from ...engine.findings import Edit, Fix, Issue
from ...engine.registry import check
from .common import insert_after, shell_commands, subcommand


@check("DF430")
def install_recommends(ctx):
    """`apt-get install` pulls "recommended" packages unless told not to: bigger images."""
    for _, cmd in shell_commands(ctx):
        if cmd.name != "apt-get":
            continue
        sub, at = subcommand(cmd, frozenset({"-o", "-t"}))
        if sub != "install":
            continue
        words = cmd.words
        if "--no-install-recommends" in words or any("install-recommends=" in w.lower() and ("false" in w.lower() or "0" in w) for w in words):
            continue
        span = cmd.word_span(at)
        yield Issue(
            span,
            "Add `--no-install-recommends` to avoid installing recommended packages",
            fix=Fix("Insert --no-install-recommends", (insert_after(span, " --no-install-recommends"),), safety="unsafe"),
        )


@check("DF431")
def apt_in_scripts(ctx):
    """`apt` is the interactive front-end; its output and options are not stable for scripts."""
    for _, cmd in shell_commands(ctx):
        if cmd.name == "apt" and len(cmd.words) > 1 and not cmd.words[1].startswith("-"):
            span = cmd.word_span(0)
            yield Issue(span, "Use `apt-get` (or `apt-cache`) instead of `apt` in scripts", fix=Fix("Replace apt by apt-get", (Edit(span, "apt-get"),), safety="unsafe"))


@check("DF432")
def zypper_dist_upgrade(ctx):
    """A distribution upgrade inside an image build changes the base image under you."""
    for _, cmd in shell_commands(ctx):
        if cmd.name == "zypper":
            sub, at = subcommand(cmd, frozenset({"-r", "--repo"}))
            if sub in ("dist-upgrade", "dup"):
                yield Issue(cmd.word_span(at), "Do not use `zypper dist-upgrade` in an image build; use a newer base image")
