"""Flags package-manager caches left in the image, because they only add size.

Correct on BuildKit-era Dockerfiles: when the cache directory is a `--mount=type=cache`
or `tmpfs` mount, nothing stays in the layer and nothing is reported. Only stages that
make up the final image (the last stage and the stages it is built `FROM`) are checked:
a cache in a builder stage that is only copied from never ships.
"""

from __future__ import annotations


from ...records import FrozenRecord
from ...engine.findings import Issue
from ...engine.registry import check
from .common import (
    buildkit_syntax,
    cache_mounted,
    final_image_stages,
    has_option,
    run_commands,
    subcommand,
)
from .pinning import manager_of


class CachePolicy(FrozenRecord):
    manager: tuple[str, ...]  # command names
    installs: frozenset[str]  # sub-commands that fill the cache
    cache_dirs: tuple[str, ...]
    cleanup: str  # what to add, for the message
    mount_hint: str  # a cache mount that makes the cleanup unnecessary

    _fields = ("manager", "installs", "cache_dirs", "cleanup", "mount_hint")

    def __init__(
        self,
        manager: tuple[str, ...],
        installs: frozenset[str],
        cache_dirs: tuple[str, ...],
        cleanup: str,
        mount_hint: str,
    ) -> None:
        object.__setattr__(self, "manager", manager)
        object.__setattr__(self, "installs", installs)
        object.__setattr__(self, "cache_dirs", cache_dirs)
        object.__setattr__(self, "cleanup", cleanup)
        object.__setattr__(self, "mount_hint", mount_hint)


POLICIES = {
    "DF420": CachePolicy(("apt-get", "apt"), frozenset({"update"}), ("/var/lib/apt/lists",), "rm -rf /var/lib/apt/lists/*", "--mount=type=cache,target=/var/lib/apt/lists,sharing=locked"),
    "DF421": CachePolicy(("apk",), frozenset({"add", "upgrade", "update"}), ("/var/cache/apk", "/etc/apk/cache"), "--no-cache", "--mount=type=cache,target=/var/cache/apk"),
    "DF422": CachePolicy(("pip",), frozenset({"install"}), ("/root/.cache/pip", "/root/.cache"), "--no-cache-dir", "--mount=type=cache,target=/root/.cache/pip"),
    "DF423": CachePolicy(("yum",), frozenset({"install", "groupinstall", "localinstall", "update", "upgrade", "reinstall"}), ("/var/cache/yum",), "yum clean all", "--mount=type=cache,target=/var/cache/yum"),
    "DF424": CachePolicy(("dnf", "microdnf"), frozenset({"install", "groupinstall", "localinstall", "update", "upgrade", "reinstall"}), ("/var/cache/dnf", "/var/cache/yum"), "dnf clean all", "--mount=type=cache,target=/var/cache/dnf"),
    "DF425": CachePolicy(("zypper",), frozenset({"install", "in", "update", "up", "patch", "dist-upgrade", "dup"}), ("/var/cache/zypp",), "zypper clean --all", "--mount=type=cache,target=/var/cache/zypp"),
    "DF426": CachePolicy(("yarn",), frozenset({"install", "add", ""}), ("/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/home/node/.cache/yarn"), "yarn cache clean", "--mount=type=cache,target=/usr/local/share/.cache/yarn"),
}


def _manager(cmd) -> str:
    return manager_of(cmd)[0]


def _cleans(rule: str, cmd, policy: CachePolicy) -> bool:
    """Whether this command removes the cache (or, for pip/apk, avoids it)."""
    words = cmd.words
    if cmd.name == "rm":
        return any(w.rstrip("/*").startswith(d) for w in words[1:] for d in policy.cache_dirs)
    name = _manager(cmd)
    if name not in policy.manager:
        return False
    if rule in ("DF423", "DF424"):
        return "clean" in words and "all" in words
    if rule == "DF425":
        return any(w in ("clean", "cc") for w in words)
    if rule == "DF426":
        return words[1:3] == ["cache", "clean"]
    return False


def _fills(rule: str, cmd, policy: CachePolicy) -> bool:
    if _manager(cmd) not in policy.manager:
        return False
    start = 3 if cmd.words[1:3] == ["-m", "pip"] else 1
    sub, _ = subcommand(cmd, frozenset({"-o", "-t", "--virtual", "-X", "--repository"}), start)
    if rule == "DF426" and sub is None:
        sub = ""
    if sub not in policy.installs:
        return False
    if rule == "DF421":
        return not has_option(cmd, "", ("no-cache",))
    if rule == "DF422":
        return not has_option(cmd, "", ("no-cache-dir",))
    return True


def _env_disables(ctx, ins, rule: str) -> bool:
    """`ENV PIP_NO_CACHE_DIR=1` (or off/false, which pip also reads as "no cache") before the RUN."""
    if rule != "DF422":
        return False
    scope = ctx.model.scope(ins)
    return "PIP_NO_CACHE_DIR" in scope


@check(*POLICIES)
def caches_left_behind(ctx):
    final = final_image_stages(ctx)
    suggest_mount = buildkit_syntax(ctx)
    for index, commands in run_commands(ctx).items():
        ins = commands[0][0].instruction
        stage = ctx.model.stage_of.get(index)
        if stage is None or stage.index not in final:
            continue
        run = ins.command
        used = {_manager(cmd) for _, cmd in commands}
        for rule, policy in POLICIES.items():
            if used.isdisjoint(policy.manager):
                continue
            filling = [cmd for _, cmd in commands if _fills(rule, cmd, policy)]
            if not filling or cache_mounted(run, *policy.cache_dirs) or _env_disables(ctx, ins, rule):
                continue
            if rule not in ("DF421", "DF422") and any(_cleans(rule, cmd, policy) for _, cmd in commands):
                continue
            cmd = filling[0]
            message = f"`{' '.join(cmd.words[:2])}` leaves its cache in the image: add `{policy.cleanup}`"
            if suggest_mount:
                message += f", or use `RUN {policy.mount_hint}`"
            yield Issue(cmd.span, message, rule=rule)
