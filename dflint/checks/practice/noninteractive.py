"""Flags installs that would wait for a "yes", because a build has no one to answer the prompt."""

from __future__ import annotations

from ...engine.findings import Fix, Issue
from ...engine.registry import check
from .common import has_option, insert_after, shell_commands, subcommand

_APT_YES = ("yes", "assume-yes", "force-yes")
# rule -> (command names, sub-commands that prompt, short flag, long flags, flag to insert)
PROMPTING = {
    "DF410": (("apt-get",), {"install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge", "autoremove"}, "y", _APT_YES, "-y"),
    "DF411": (("yum",), {"install", "groupinstall", "localinstall", "update", "upgrade", "remove", "erase", "reinstall"}, "y", ("assumeyes",), "-y"),
    "DF412": (("dnf",), {"install", "groupinstall", "localinstall", "update", "upgrade", "remove", "erase", "reinstall"}, "y", ("assumeyes",), "-y"),
    "DF413": (("zypper",), {"install", "in", "remove", "rm", "update", "up", "patch", "dist-upgrade", "dup", "source-install", "si"}, "n", ("non-interactive", "no-confirm"), "--non-interactive"),
}


def _apt_quiet_enough(cmd) -> bool:
    """`-qq` implies `-y` for apt-get; so does `-o APT::Get::Assume-Yes=true`."""
    words = cmd.words
    if any(w.startswith("-") and not w.startswith("--") and w.count("q") >= 2 for w in words[1:]):
        return True
    return any(w in ("-q=2", "--quiet=2") or "assume-yes=true" in w.lower() for w in words)


_RULE_OF = {name: rule for rule, spec in PROMPTING.items() for name in spec[0]}


@check(*PROMPTING)
def missing_yes(ctx):
    for _, cmd in shell_commands(ctx):
        rule = _RULE_OF.get(cmd.name)
        if rule is None:
            continue
        _, prompting, short, long, insert = PROMPTING[rule]
        sub, at = subcommand(cmd, frozenset({"-o", "-c", "-t", "--setopt", "-r", "--repo"}))
        if sub not in prompting:
            continue
        if rule == "DF413":  # zypper: global -n/--non-interactive, or the sub-command's -y/--no-confirm
            given = has_option(cmd, "n", long) or has_option(cmd, "y", ("no-confirm",))
        else:
            given = has_option(cmd, short, long) or (rule == "DF410" and _apt_quiet_enough(cmd))
        if given:
            continue
        sub_span = cmd.word_span(at)
        after = cmd.word_span(0) if rule == "DF413" else sub_span  # zypper's flag goes before the sub-command
        fix = Fix(f"Insert {insert}", (insert_after(after, " " + insert),), safety="safe")
        yield Issue(sub_span, f"`{cmd.name} {sub}` without `{insert}` waits for a confirmation the build cannot give", rule=rule, fix=fix)
