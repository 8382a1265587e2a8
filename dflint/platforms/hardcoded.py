"""Architectures written into a target-platform stage (DF306): release downloads
named for one architecture, `dpkg --add-architecture`, and base images that only
exist for one architecture (`arm64v8/alpine`, `app:1.2-amd64`).

Built for another platform, such a stage still puts that one architecture's
binaries in the image (BuildKit runs the wrong-architecture image under
emulation, or the binary fails with "exec format error" at run time). A RUN
that picks the architecture itself (`case "$TARGETARCH" in ...`, `$(uname -m)`)
is not flagged: its literal names are the branches of that choice.
"""

from __future__ import annotations

import re
from functools import cache

from ..syntax.ast import Span
from ..syntax.shell_words import find_variable_references
from .arch_words import ARCH_NAMESPACES, ARCH_WORDS, arch_words
from .crossbuild import probe_pattern
from .problems import PlatformProblem
from .spec import Platform
from .stages import TARGET_SELECTORS, stage_platforms
from .texts import shell_texts

# dpkg's architecture names -> the words arch_words knows.
_DEB_ARCH = {"amd64": "amd64", "arm64": "arm64", "armhf": "armhf", "armel": "armel", "i386": "i386",
             "ppc64el": "ppc64le", "s390x": "s390x", "riscv64": "riscv64", "mips64el": "mips64le"}  # fmt: skip


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """URLs, archive file names and `dpkg --add-architecture X` (compiled on first use)."""
    return (
        re.compile(r"""(?:https?|ftp)://[^\s'"`|;&<>()]+"""),
        re.compile(
            r"""[^\s'"`|;&<>()=/]+\.(?:tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2?|tar\.zst|tar|zip|deb|rpm|apk|AppImage|gz|xz|bz2)\b"""
        ),
        re.compile(r"dpkg\s+--add-architecture\s+([A-Za-z0-9_-]+)"),
    )


# Every architecture word (ARCH_WORDS) and dpkg architecture (_DEB_ARCH) holds one of these.
ARCH_MARKERS = ("64", "86", "arm", "390")


def may_name_arch(text: str) -> bool:
    """False when `text` cannot hold an architecture word (most RUN lines): a cheap test
    before the URL, archive and dpkg patterns."""
    lowered = text.lower()
    return any(marker in lowered for marker in ARCH_MARKERS)


def _selects_arch(text: str, refs=None) -> bool:
    """True when the shell code chooses the architecture itself (so literal names are branches).
    `refs`: the text's variable references, when the caller has them already."""
    if probe_pattern().search(text):
        return True
    refs = find_variable_references(text) if refs is None else refs
    return any(r.name in TARGET_SELECTORS or r.name.upper().endswith("ARCH") for r in refs)


def _literal(text: str, refs=None) -> str:
    """`text` with its variable references blanked out, offsets kept."""
    refs = find_variable_references(text) if refs is None else refs
    if not refs:
        return text
    chars = list(text)
    for ref in refs:
        chars[ref.start : ref.end] = " " * (ref.end - ref.start)
    return "".join(chars)


def _downloads(literal: str):
    """Architecture words in the URLs and archive names of a shell text (its variable
    references blanked), by offset."""
    url, archive, _ = _patterns()
    seen: set[int] = set()
    for pattern in (url, archive):
        for found in pattern.finditer(literal):
            for word in arch_words(found.group(0)):
                start = found.start() + word.start
                if start not in seen:
                    seen.add(start)
                    yield word._replace(start=start, end=found.start() + word.end)


def _narrow(span: Span | None, start: int, end: int) -> Span | None:
    """The part [start, end) of a one-line span."""
    if span is None or span.line != span.end_line:
        return span
    return Span(span.line, span.column + start, span.line, span.column + end)


def hard_coded(ctx) -> list[PlatformProblem]:
    """Every architecture written down in a target-platform stage (reported or not depending on intent)."""
    return ctx.memo("platforms.hard_coded", lambda: [*base_images(ctx), *_in_stages(ctx)])


def contradictions(ctx) -> list[PlatformProblem]:
    """Only what contradicts a stage's own constant --platform: wrong whatever the intent."""
    return ctx.memo(
        "platforms.contradictions",
        lambda: [p for p in (*base_images(ctx), *_in_stages(ctx, ("pinned",))) if p.works_on is None],
    )


def _in_stages(ctx, kinds=("target", "pinned")):
    roles = stage_platforms(ctx)
    for stage in ctx.model.stages:
        role = roles[stage.index]
        if role.role not in kinds:
            continue
        for ins in stage.instructions:
            if ins.keyword == "RUN":
                for piece in shell_texts(ins):
                    if not may_name_arch(piece.text):
                        continue
                    refs = find_variable_references(piece.text)
                    if not _selects_arch(piece.text, refs):
                        yield from _judged(stage, role, _run_words(piece, _literal(piece.text, refs)))
            elif ins.keyword == "ADD":
                yield from _judged(stage, role, _add_words(ins))


def _run_words(piece, literal: str):
    """(span, word, platform, what) for architectures written into RUN text (`literal`: that
    text with its variable references blanked)."""
    for word in _downloads(literal):
        yield piece.locate(word.start, word.end), word.word, word.platform, f"downloads the {word.word} build"
    for match in _patterns()[2].finditer(literal):
        deb = match.group(1)
        if deb in _DEB_ARCH:
            arch, variant = ARCH_WORDS[_DEB_ARCH[deb]]
            what = f"`dpkg --add-architecture {deb}` installs {deb} packages"
            yield piece.locate(match.start(1), match.end(1)), deb, Platform("", arch, variant), what


def _add_words(ins):
    url = _patterns()[0]
    for index, source in enumerate(ins.args[:-1]):
        if not url.match(source) or ("$" in source and _selects_arch(source)):
            continue
        span = ins.arg_spans[index] if index < len(ins.arg_spans) else None
        for word in arch_words(_literal(source)):
            span_of_word = _narrow(span, word.start, word.end) or ins.span
            yield span_of_word, word.word, word.platform, f"ADD fetches the {word.word} build"


def _judged(stage, role, found):
    """Problems for the architectures found in a stage: any other target platform gets
    them, or, in a stage pinned to a platform, they contradict that platform."""
    for span, word, platform, what in found:
        if role.role == "pinned":
            if role.platform is None or platform.matches(role.platform):
                continue
            yield PlatformProblem(
                "DF306", span,
                f"{what} in stage '{stage.label}', which is pinned to --platform={role.value}: "
                f"its {role.platform} result gets the {word} files",
                stage=stage.index, data={"arch": word, "contradicts": role.value},
            )  # fmt: skip
            continue
        yield PlatformProblem(
            "DF306", span,
            f"{what} in stage '{stage.label}', which builds for the target platform: every other "
            f"platform gets the {word} files; pick them by $TARGETARCH (`ARG TARGETARCH`)",
            stage=stage.index, works_on=(platform,), data={"arch": word},
        )  # fmt: skip


def image_platform(image: str) -> tuple[Platform, str, int, int] | None:
    """(platform, word, start, end) when an image reference names one architecture:
    a per-architecture namespace (`arm64v8/alpine`) or an architecture in the last
    path component or the tag (`app-amd64`, `alpine:3.19-aarch64`)."""
    literal = _literal(image).split("@", 1)[0]
    parts = literal.split("/")
    has_registry = len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost")
    offset = 0
    for position, part in enumerate(parts):
        is_namespace = position == (1 if has_registry else 0) and position < len(parts) - 1
        if is_namespace and part.lower() in ARCH_NAMESPACES:
            arch, variant = ARCH_NAMESPACES[part.lower()]
            return Platform("", arch, variant), part, offset, offset + len(part)
        if position == len(parts) - 1:
            for word in arch_words(part):
                return word.platform, word.word, offset + word.start, offset + word.end
        offset += len(part) + 1
    return None


def base_images(ctx) -> list[PlatformProblem]:
    """Base images that exist for one architecture, in stages that build for another or for any."""
    return ctx.memo("platforms.base_images", lambda: list(_base_images(ctx)))


def _base_images(ctx):
    roles = stage_platforms(ctx)
    for stage in ctx.model.stages:
        role = roles[stage.index]
        if stage.base_stage is not None or not stage.from_instruction.args or stage.is_scratch:
            continue
        if role.role not in ("pinned", "target"):
            continue
        found = image_platform(stage.base)
        if found is None:
            continue
        platform, word, start, end = found
        span = _narrow(stage.from_instruction.arg_spans[0], start, end) or stage.from_instruction.span
        if role.role == "pinned":
            if role.platform is not None and not platform.matches(role.platform):
                yield PlatformProblem(
                    "DF306", span,
                    f"base image {stage.base} is built for {word} only, but this FROM asks for "
                    f"--platform={role.value}: the stage gets {word} binaries labelled {role.platform}",
                    stage=stage.index, data={"arch": word, "contradicts": role.value},
                )  # fmt: skip
            continue
        yield PlatformProblem(
            "DF306", span,
            f"base image {stage.base} exists only for {word}, but stage '{stage.label}' builds for the target "
            f"platform: built for any other platform it still contains {word} binaries; use the multi-platform "
            f"image (e.g. drop the `{word}` part)",
            stage=stage.index, works_on=(platform,), data={"arch": word},
        )  # fmt: skip
