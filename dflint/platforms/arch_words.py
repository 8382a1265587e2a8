"""Architecture names as they appear in file names, URLs and image references.

Release assets spell architectures many ways (`x86_64`, `x64`, `aarch64`,
`armv7`...); Docker's per-architecture official-image namespaces have their own
names (`arm64v8/`, `arm32v7/`). Each is mapped to the platform it stands for.
A word counts only when it stands alone between separators: `gcc-aarch64-linux`
holds one, `search` holds none.
"""

from __future__ import annotations

import re

from ..records import named_tuple
from .spec import Platform

# word as written (lower case) -> (arch, variant)
ARCH_WORDS: dict[str, tuple[str, str]] = {
    "amd64": ("amd64", ""), "x86_64": ("amd64", ""), "x86-64": ("amd64", ""), "x64": ("amd64", ""),
    "arm64": ("arm64", ""), "aarch64": ("arm64", ""), "arm64v8": ("arm64", ""),
    "armhf": ("arm", "v7"), "armv7": ("arm", "v7"), "armv7l": ("arm", "v7"), "arm32v7": ("arm", "v7"),
    "armel": ("arm", "v6"), "armv6": ("arm", "v6"), "arm32v6": ("arm", "v6"), "arm32v5": ("arm", "v5"),
    "i386": ("386", ""), "i686": ("386", ""),
    "ppc64le": ("ppc64le", ""), "s390x": ("s390x", ""), "riscv64": ("riscv64", ""), "mips64le": ("mips64le", ""),
}  # fmt: skip

# Docker Hub namespaces that hold one architecture's build of the official images.
ARCH_NAMESPACES: dict[str, tuple[str, str]] = {
    "amd64": ("amd64", ""), "arm64v8": ("arm64", ""), "arm32v7": ("arm", "v7"), "arm32v6": ("arm", "v6"),
    "arm32v5": ("arm", "v5"), "i386": ("386", ""), "ppc64le": ("ppc64le", ""), "s390x": ("s390x", ""),
    "riscv64": ("riscv64", ""), "mips64le": ("mips64le", ""), "windows-amd64": ("amd64", ""),
}  # fmt: skip

# Alphanumeric runs, with the `_64`/`-64` that `x86_64`/`x86-64` carry.
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[_-]64(?![A-Za-z0-9]))?")


@named_tuple
class ArchWord:
    word: str  # as written
    start: int
    end: int

    @property
    def platform(self) -> Platform:
        """The platform the word stands for, on any OS."""
        arch, variant = ARCH_WORDS[self.word.lower()]
        return Platform("", arch, variant)


def arch_words(text: str) -> list[ArchWord]:
    """Every architecture word standing alone in `text`."""
    found = []
    for token in _TOKEN.finditer(text):
        word = token.group(0)
        if word.lower() in ARCH_WORDS:
            found.append(ArchWord(word, token.start(), token.end()))
        elif word[-3:] in ("_64", "-64") and word[:-3].lower() in ARCH_WORDS:
            found.append(ArchWord(word[:-3], token.start(), token.end() - 3))
    return found
