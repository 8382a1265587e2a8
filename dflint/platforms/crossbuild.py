"""Stages on `$BUILDPLATFORM` whose output lands in the image (DF305), and
architecture probes that ask the build machine instead of the target (DF307).

`FROM --platform=$BUILDPLATFORM` runs a stage natively on the build machine:
fast, but whatever it compiles is for the build machine unless the compiler is
told the target (GOOS/GOARCH from $TARGETOS/$TARGETARCH, `cargo --target`, the
`xx` helpers that read $TARGETPLATFORM). dflint flags such a stage only when it
runs a native build step (go, cargo, npm/yarn/pnpm installs, pip) and the
target-platform stage copies what that step produced; copying static assets
(a `dist/` built by npm) is arch-independent and fine.
"""

from __future__ import annotations

import re
from functools import cache

from ..syntax.shell_words import find_variable_references
from .problems import PlatformProblem
from .stages import TARGET_SELECTORS, chain, stage_platforms
from .texts import shell_texts


@cache
def _languages() -> tuple:
    """(language, build step, copied paths that hold its output or None for any, hint); compiled on first use."""
    return (
        ("go", re.compile(r"(?<![\w-])go\s+(?:build|install)\b"), None,
         "`go build` compiles for the build machine: set GOOS=$TARGETOS GOARCH=$TARGETARCH (declare `ARG TARGETOS TARGETARCH`)"),
        ("cargo", re.compile(r"(?<![\w-])cargo\s+(?:build|install|zigbuild)\b"), None,
         "`cargo build` without `--target` compiles for the build machine: add `--target` for $TARGETARCH (or use xx-cargo)"),
        ("node",
         re.compile(r"(?<![\w-])(?:npm\s+(?:ci|install|i)\b|yarn(?:\s+install)?(?=\s|$|;|&)|pnpm\s+(?:install|i)\b)"),
         re.compile(r"node_modules"),
         "npm/yarn/pnpm install native modules (node-gyp, prebuilt binaries) for the build machine: install node_modules in a target-platform stage"),
        ("python", re.compile(r"(?<![\w-])(?:pip3?|python3?\s+-m\s+pip|uv\s+pip)\s+(?:install|wheel)\b"),
         re.compile(r"site-packages|dist-packages|venv|wheel|^/usr/local/?$|/usr/local/lib|/usr/lib/python|\.local|/install\b"),
         "pip picks wheels for the build machine: install in a target-platform stage, or pass `--platform` matching $TARGETARCH to pip"),
    )  # fmt: skip


@cache
def _told_the_target() -> dict:
    """Per language, what shows the compiler was told the target (xx helpers tell every one)."""
    return {
        "xx": re.compile(r"(?<![\w-])xx-(?:go|cargo|clang|apk|apt-get|apt|info|verify|cc|c\+\+)\b"),
        "go": re.compile(r"\bGOARCH\b"),
        "cargo": re.compile(r"--target\b|CARGO_BUILD_TARGET"),
    }


@cache
def probe_pattern() -> re.Pattern:
    """Commands that print the architecture of the machine they run on."""
    return re.compile(
        r"(?<![\w$-])(?:uname\s+(?:-[a-z]*[mpi][a-z]*|--machine|--processor|--hardware-platform)"
        r"|dpkg\s+--print-architecture|apk\s+--print-arch|rpm\s+--eval\s+['\"]?%\{?_arch"
        r"|(?:(?<=^)|(?<=[;&|(`\n])|(?<=\$\()|(?<=then)|(?<=do))\s*arch(?=\s*(?:$|[;&|)`\n])))"
    )


def _uses_target(stages, escape: str) -> bool:
    """True when a stage of the chain declares or references a TARGET* selector."""
    for stage in stages:
        for ins in stage.instructions:
            if ins.keyword == "ARG" and any(w.partition("=")[0] in TARGET_SELECTORS for w in ins.args):
                return True
            for text in (ins.original, *(h.body for h in ins.heredocs)):
                if "TARGET" in text and any(r.name in TARGET_SELECTORS for r in find_variable_references(text, escape)):
                    return True
    return False


def _copied_paths(ref) -> list[str]:
    ins = ref.instruction.command
    if ref.via == "copy-from":
        return list(ins.args[:-1])
    from ..syntax.mounts import MountError, parse_mount

    for flag in ins.flags_named("mount"):
        try:
            mount = parse_mount(flag.value or "")
        except MountError:
            continue
        if mount.from_ == ref.name:
            return [mount.source or "/"]
    return ["/"]


def _workdirs(stages) -> set[str]:
    """The WORKDIRs of a stage chain, where package managers install (node_modules, .venv)."""
    return {i.args[0].rstrip("/") for stage in stages for i in stage.instructions if i.keyword == "WORKDIR" and i.args}


def _language_hints(stages, paths: list[str]) -> list[tuple[str, object]]:
    """(hint, span) for each native build step whose output the copied paths may hold."""
    found = []
    told = _told_the_target()
    trees = {"", "."} | _workdirs(stages)
    whole_tree = any(p.rstrip("/") in trees for p in paths)
    chain_text = "\n".join(i.original for stage in stages for i in stage.instructions)
    if told["xx"].search(chain_text):
        return []
    for stage in stages:
        for ins in stage.instructions:
            for piece in shell_texts(ins):
                for name, pattern, output, hint in _languages():
                    match = pattern.search(piece.text)
                    if match is None:
                        continue
                    if name in told and (told[name].search(piece.text) or told[name].search(chain_text)):
                        continue
                    if output is not None and not whole_tree and not any(output.search(p) for p in paths):
                        continue
                    found.append((hint, piece.locate(match.start(), match.end())))
    return found


def build_stage_outputs(ctx) -> list[PlatformProblem]:
    """DF305: build-machine binaries copied into a target-platform stage."""
    return ctx.memo("platforms.build_outputs", lambda: list(_build_outputs(ctx)))


def _build_outputs(ctx):
    roles = stage_platforms(ctx)
    for ref in ctx.model.references:
        if ref.via not in ("copy-from", "mount-from") or ref.target is None or ref.stage is None:
            continue
        if roles[ref.target.index].role != "build" or roles[ref.stage.index].role != "target":
            continue
        stages = chain(ref.target)
        if _uses_target(stages, ctx.doc.escape):
            continue
        hints = _language_hints(stages, _copied_paths(ref))
        if not hints:
            continue
        steps = "; ".join(f"line {span.line}: {hint}" for hint, span in hints)
        yield PlatformProblem(
            "DF305", ref.span,
            f"stage '{ref.target.label}' runs on $BUILDPLATFORM and never uses $TARGETOS/$TARGETARCH/$TARGETPLATFORM, "
            f"so what it builds is for the build machine, yet stage '{ref.stage.label}' copies it into the image ({steps})",
            stage=ref.stage.index, build_machine_only=True, data={"build_stage": ref.target.label},
        )


def feeds_target(ctx) -> set[int]:
    """Build-platform stages whose files reach a target-platform stage (directly or through other build stages)."""

    def compute():
        roles = stage_platforms(ctx)
        users: dict[int, set[int]] = {}
        for ref in ctx.model.references:
            if ref.stage is not None and ref.target is not None:
                users.setdefault(ref.target.index, set()).add(ref.stage.index)
        out: set[int] = set()
        for stage in ctx.model.stages:
            if roles[stage.index].role != "build":
                continue
            seen, todo = set(), [stage.index]
            while todo:
                index = todo.pop()
                if index in seen:
                    continue
                seen.add(index)
                for user in users.get(index, ()):
                    if roles[user].role == "target":
                        out.add(stage.index)
                    elif roles[user].role == "build":
                        todo.append(user)
        return out

    return ctx.memo("platforms.feeds_target", compute)


def build_machine_probes(ctx) -> list[PlatformProblem]:
    """DF307: `uname -m` & co. in a $BUILDPLATFORM stage whose files reach the image."""
    return ctx.memo("platforms.probes", lambda: list(_probes(ctx)))


def _probes(ctx):
    roles = stage_platforms(ctx)
    feeding = feeds_target(ctx)
    for stage in ctx.model.stages:
        if roles[stage.index].role != "build" or stage.index not in feeding:
            continue
        for ins in stage.instructions:
            for piece in shell_texts(ins):
                for match in probe_pattern().finditer(piece.text):
                    probe = " ".join(match.group(0).split())
                    yield PlatformProblem(
                        "DF307", piece.locate(match.start() + len(match.group(0)) - len(match.group(0).lstrip()), match.end()),
                        f"`{probe}` reports the build machine here: stage '{stage.label}' runs on $BUILDPLATFORM, so "
                        f"it gives the build machine's architecture, not the target's; use $TARGETARCH "
                        f"(`ARG TARGETARCH`) for what goes into the image, or $BUILDARCH if you mean the build machine",
                        stage=stage.index, build_machine_only=True, data={"probe": probe},
                    )
