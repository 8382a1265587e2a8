"""containerd's `platforms.Parse`, as far as the const-platform check needs it:
the normalized OS and architecture of a platform string, or None if it is invalid."""

from __future__ import annotations

import re

_PART = re.compile(r"^[A-Za-z0-9_-]+$")
_KNOWN_OS = {
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
    "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
}  # fmt: skip
_ARCH_ALIASES = {
    "i386": "386", "x86_64": "amd64", "x86-64": "amd64", "aarch64": "arm64",
    "armhf": "arm", "armel": "arm",
}  # fmt: skip
_KNOWN_ARCH = {
    "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle",
    "mips64", "mips64le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc",
    "sparc64", "wasm",
}  # fmt: skip
_DEFAULT_OS, _DEFAULT_ARCH = "linux", "amd64"


def _os(word: str) -> str:
    word = word.lower()
    return "darwin" if word == "macos" else word


def _arch(word: str) -> str:
    word = word.lower()
    return _ARCH_ALIASES.get(word, word)


def parse_platform(text: str) -> tuple[str, str] | None:
    parts = text.split("/")
    if not 1 <= len(parts) <= 3 or not all(_PART.match(p) for p in parts):
        return None
    if len(parts) == 1:
        word = parts[0]
        if _os(word) in _KNOWN_OS:
            return _os(word), _DEFAULT_ARCH
        if _arch(word) in _KNOWN_ARCH:
            return _DEFAULT_OS, _arch(word)
        return None
    return _os(parts[0]), _arch(parts[1])
