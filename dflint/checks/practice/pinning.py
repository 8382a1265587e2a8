"""Flags package installs without a version, because unpinned packages make builds unrepeatable.

One mechanism for every package manager: find the install sub-command, collect the
package arguments (skipping options and their values) and ask the manager's own
notion of "pinned". Paths, URLs, local archives and variables are never flagged:
their version is whatever the file or variable holds.
"""

from __future__ import annotations

import re

from ...engine.findings import Issue
from ...engine.registry import check
from .common import shell_commands, subcommand

_APT_VALUES = frozenset({"-o", "-t", "--target-release", "-c", "--config-file", "-a", "--host-architecture"})
_APK_VALUES = frozenset({"-t", "--virtual", "-X", "--repository", "--root", "-p", "--arch", "--cache-dir", "--keys-dir", "--repositories-file"})
_PIP_VALUES = frozenset({
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
    "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--platform", "--python-version",
    "--implementation", "--abi", "--trusted-host", "--cache-dir", "--src", "--progress-bar",
    "--upgrade-strategy", "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert",
    "--client-cert", "--global-option", "--config-settings", "-C", "--install-option", "--no-binary",
    "--only-binary", "--python", "--report", "--root-user-action",
})  # fmt: skip
_NPM_VALUES = frozenset({"--prefix", "--registry", "--tag", "--cache", "-w", "--workspace", "--omit", "--include"})
_GEM_VALUES = frozenset({"-i", "--install-dir", "-n", "--bindir", "--source", "-s", "-P", "--trust-policy", "--platform"})
_RPM_VALUES = frozenset({
    "--setopt", "--releasever", "--installroot", "--enablerepo", "--disablerepo", "-c", "--config", "-x",
    "--exclude", "--repo", "--repofrompath", "--nodocs", "--forcearch", "--disableplugin", "--enableplugin",
})  # fmt: skip
_ZYPPER_VALUES = frozenset({"-r", "--repo", "-t", "--type", "--from"})

_PIP_SPEC = re.compile(r"(==|>=|<=|~=|!=|<|>|===|@)")
_RPM_VERSION = re.compile(r"-\d|[<>=]|:")
_ARCHIVE = re.compile(r"\.(deb|rpm|apk|whl|gem|tgz|tar(\.\w+)?|zip)$")


def _is_local_or_dynamic(word: str) -> bool:
    return "$" in word or "/" in word or "://" in word or word.startswith((".", "~")) or bool(_ARCHIVE.search(word))


def _packages(cmd, start: int, with_values: frozenset[str]):
    """(index, word) of the package arguments after the sub-command at `start`."""
    words = cmd.words
    i = start + 1
    while i < len(words):
        word = words[i]
        if word.startswith("-"):
            i += 2 if (word in with_values and "=" not in word) else 1
            continue
        yield i, word
        i += 1


def _apt_pinned(word: str) -> bool:
    return "=" in word or _is_local_or_dynamic(word)


def _apk_pinned(word: str) -> bool:
    return any(op in word for op in ("=", "<", ">", "~")) or _is_local_or_dynamic(word)


def _pip_pinned(word: str) -> bool:
    return bool(_PIP_SPEC.search(word)) or _is_local_or_dynamic(word) or word.startswith("git+")


def _npm_pinned(word: str) -> bool:
    """`pkg@1.2`, `@scope/pkg@1.2`; paths, tarballs, URLs and `github:user/repo` are not judged."""
    if word.startswith("@"):
        return "@" in word[1:] or "$" in word
    return "@" in word or ":" in word or _is_local_or_dynamic(word)


def _gem_pinned(word: str) -> bool:
    return ":" in word or _is_local_or_dynamic(word)


def _go_pinned(word: str) -> bool:
    _, at, version = word.partition("@")
    return (bool(at) and version not in ("latest", "")) or word.startswith((".", "/", "$"))


def _rpm_pinned(word: str) -> bool:
    return bool(_RPM_VERSION.search(word)) or _is_local_or_dynamic(word) or word.startswith("@")


def _zypper_pinned(word: str) -> bool:
    return any(op in word for op in ("=", "<", ">")) or _is_local_or_dynamic(word)


# rule -> (command names, install sub-commands, options taking a value, pinned?, how to pin)
MANAGERS = {
    "DF401": (("apt-get",), {"install"}, _APT_VALUES, _apt_pinned, "apt-get install <package>=<version>"),
    "DF402": (("apk",), {"add"}, _APK_VALUES, _apk_pinned, "apk add <package>=<version>"),
    "DF403": (("pip",), {"install"}, _PIP_VALUES, _pip_pinned, "pip install <package>==<version>"),
    "DF404": (("npm",), {"install", "i", "add"}, _NPM_VALUES, _npm_pinned, "npm install <package>@<version>"),
    "DF405": (("gem",), {"install", "i"}, _GEM_VALUES, _gem_pinned, "gem install <gem>:<version>"),
    "DF406": (("go",), {"install"}, frozenset(), _go_pinned, "go install <module>@<version>"),
    "DF407": (("yum",), {"install"}, _RPM_VALUES, _rpm_pinned, "yum install <package>-<version>"),
    "DF408": (("dnf", "microdnf"), {"install"}, _RPM_VALUES, _rpm_pinned, "dnf install <package>-<version>"),
    "DF409": (("zypper",), {"install", "in"}, _ZYPPER_VALUES, _zypper_pinned, "zypper install <package>=<version>"),
}
_RULE_OF = {name: rule for rule, spec in MANAGERS.items() for name in spec[0]}
_PIP = re.compile(r"pip(\d(\.\d+)?)?$")


def manager_of(cmd) -> tuple[str, int]:
    """The package manager a command runs and where its sub-command search starts:
    `pip3.12 install` and `python3 -m pip install` are both pip."""
    if _PIP.match(cmd.name):
        return "pip", 1
    if cmd.name.startswith("python") and cmd.words[1:3] == ["-m", "pip"]:
        return "pip", 3
    return cmd.name, 1


def _gem_version_given(cmd) -> bool:
    return any(w in ("-v", "--version") or w.startswith("--version=") for w in cmd.words)


@check(*MANAGERS)
def unpinned_packages(ctx):
    for _, cmd in shell_commands(ctx):
        name, start = manager_of(cmd)
        rule = _RULE_OF.get(name)
        if rule is None:
            continue
        _, installs, with_values, pinned, how = MANAGERS[rule]
        sub, at = subcommand(cmd, with_values, start)
        if sub not in installs or (rule == "DF405" and _gem_version_given(cmd)):
            continue
        loose = [(i, w) for i, w in _packages(cmd, at, with_values) if not pinned(w)]
        if loose:
            names = ", ".join(w for _, w in loose[:5]) + (" …" if len(loose) > 5 else "")
            first, last = loose[0][0], loose[-1][0]
            span = cmd.script.span(cmd.word_offsets[first][0], cmd.word_offsets[last][1])
            yield Issue(span, f"Pin versions: {names} (`{how}`)", rule=rule)
