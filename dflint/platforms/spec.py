"""Platform specifiers (`linux/arm64/v8`), parsed and normalised as containerd does.

BuildKit and the classic builder both hand `--platform` values to containerd's
`platforms.Parse`, so dflint follows the same rules: the same components are
accepted, the same aliases are folded (`x86_64` is `amd64`, `aarch64` is
`arm64`, `armhf` is `arm/v7`) and the same error texts come out. Two platforms
are equal when their normalised forms are (`linux/arm64` == `linux/arm64/v8`).
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache

from ..records import named_tuple

_COMPONENT = re.compile(r"^[A-Za-z0-9_-]+$")

KNOWN_OS = frozenset({
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux",
    "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
})  # fmt: skip
KNOWN_ARCH = frozenset({
    "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle",
    "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64",
    "s390", "s390x", "sparc", "sparc64", "wasm",
})  # fmt: skip
# The variant an architecture has when none is written; dropped when comparing.
_DEFAULT_VARIANT = {"amd64": "v1", "arm64": "v8", "arm": "v7"}


class PlatformError(ValueError):
    """A specifier containerd refuses; `str()` is containerd's text."""


@named_tuple
class Platform:
    """A normalised platform. An empty `os` or `arch` matches any (used for arch-only facts)."""

    os: str
    arch: str
    variant: str = ""

    def __str__(self) -> str:
        parts = [self.os or "*", self.arch or "*"]
        if self.variant and (self.arch == "arm" or self.variant != _DEFAULT_VARIANT.get(self.arch)):
            parts.append(self.variant)  # Docker spells arm's default out: linux/arm/v7
        return "/".join(parts)

    @property
    def key(self) -> tuple[str, str, str]:
        """What equality of platforms means: the default variant counts as none."""
        variant = "" if self.variant == _DEFAULT_VARIANT.get(self.arch) else self.variant
        return (self.os, self.arch, variant)

    def matches(self, other: Platform) -> bool:
        """True when `other` is this platform; empty components of either side match anything."""
        mine, theirs = self.key, other.key
        return all(a == b or not a or not b for a, b in zip(mine, theirs))


def normalize_os(os_name: str) -> str:
    lowered = os_name.lower()
    return "darwin" if lowered == "macos" else lowered


def normalize_arch(arch: str, variant: str) -> tuple[str, str]:
    """containerd's normalizeArch: fold aliases and spell variants as `vN`."""
    arch, variant = arch.lower(), variant.lower()
    if arch == "i386":
        return "386", ""
    if arch in ("x86_64", "x86-64", "amd64"):
        return "amd64", "" if variant == "v1" else variant
    if arch in ("aarch64", "arm64"):
        if variant in ("8", "v8", "v8.0"):
            variant = ""
        elif variant in ("9", "9.0", "v9.0"):
            variant = "v9"
        return "arm64", variant
    if arch == "armhf":
        return "arm", "v7"
    if arch == "armel":
        return "arm", "v6"
    if arch == "arm":
        if variant in ("", "7"):
            variant = "v7"
        elif variant in ("5", "6", "8"):
            variant = "v" + variant
    return arch, variant


@lru_cache(maxsize=1)
def host_platform() -> Platform:
    """The machine dflint runs on, as containerd would name it."""
    os_name = "darwin" if sys.platform == "darwin" else "windows" if sys.platform.startswith("win") else "linux"
    arch, variant = normalize_arch(_machine() or "amd64", "")
    return Platform(os_name, arch, variant)


def _machine() -> str:
    """`platform.machine()`: on POSIX it is `os.uname().machine`, and the `platform` module
    costs ≈ 1.6 ms to import."""
    if hasattr(os, "uname"):
        return os.uname().machine
    import platform

    return platform.machine()


@lru_cache(maxsize=256)
def parse_platform(specifier: str) -> Platform:
    """containerd's `platforms.Parse`, followed by `Normalize`.

    An OS alone takes the host's architecture; a known architecture alone
    takes the OS `linux` (containerd takes the host OS: dflint lints Linux images).
    """
    from ..syntax.shell_words import go_quote

    if "*" in specifier:
        raise PlatformError(f"{go_quote(specifier)}: wildcards not yet supported: invalid argument")
    parts = specifier.split("/")
    for part in parts:
        if not _COMPONENT.match(part):
            raise PlatformError(
                f"{go_quote(part)} is an invalid component of {go_quote(specifier)}: "
                f'platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument'
            )
    if len(parts) == 1:
        os_name = normalize_os(parts[0])
        if os_name in KNOWN_OS:
            host = host_platform()
            return Platform(os_name, host.arch, host.variant)
        arch, variant = normalize_arch(parts[0], "")
        if arch in KNOWN_ARCH:
            return Platform("linux", arch, variant)
        raise PlatformError(f"{go_quote(specifier)}: unknown operating system or architecture: invalid argument")
    if len(parts) == 2:
        arch, variant = normalize_arch(parts[1], "")
        return Platform(normalize_os(parts[0]), arch, variant)
    if len(parts) == 3:
        arch, variant = normalize_arch(parts[1], parts[2])
        return Platform(normalize_os(parts[0]), arch, variant)
    raise PlatformError(f"{go_quote(specifier)}: cannot parse platform specifier: invalid argument")


def unknown_components(platform: Platform) -> list[str]:
    """OS or architecture names no image is published for (containerd accepts them in `os/arch`)."""
    problems = []
    if platform.os and platform.os not in KNOWN_OS:
        problems.append(f"unknown operating system {platform.os!r}")
    if platform.arch and platform.arch not in KNOWN_ARCH:
        problems.append(f"unknown architecture {platform.arch!r}")
    return problems


