"""COPY/ADD practices: ADD only for what COPY cannot do, destinations, `--from` sources."""

from __future__ import annotations

import re

from ...engine.findings import Edit, Fix, Issue
from ...engine.registry import check
from .common import insert_after

_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*://|git@|[\w.-]+@[\w.-]+:)", re.IGNORECASE)
_ARCHIVE = re.compile(r"\.(tar|tgz|tbz2?|txz|tlz|tzst|gz|bz2|xz|lz|lzma|zst|z)$", re.IGNORECASE)
_ADD_ONLY_FLAGS = ("checksum", "keep-git-dir", "unpack")


def _sources_and_dest(ins):
    """(sources, destination) of a COPY/ADD; heredoc sources are the `<<EOF` words."""
    args = ins.args
    if len(args) < 2:
        return [], None
    return args[:-1], args[-1]


@check("DF503")
def add_instead_of_copy(ctx):
    for outer in ctx.doc.instructions:
        ins = outer.command
        if ins.keyword != "ADD" or any(ins.flag(f) is not None for f in _ADD_ONLY_FLAGS):
            continue
        sources, _ = _sources_and_dest(ins)
        if not sources:
            continue
        if all(not _REMOTE.match(s) and not _ARCHIVE.search(s) and "$" not in s for s in sources):
            yield Issue(
                ins.keyword_span,
                "Use COPY instead of ADD for files and folders (ADD is for URLs, git sources and archives to extract)",
                fix=Fix("Replace ADD by COPY", (Edit(ins.keyword_span, "COPY"),), safety="safe"),
            )


@check("DF504")
def multiple_sources_need_directory(ctx):
    for outer in ctx.doc.instructions:
        ins = outer.command
        if ins.keyword not in ("COPY", "ADD"):
            continue
        sources, dest = _sources_and_dest(ins)
        if len(sources) < 2 or "$" in dest or dest.endswith(("/", "\\")) or dest in (".", ".."):
            continue
        span = ins.arg_spans[-1] if ins.arg_spans and ins.arg_spans[-1] else ins.span
        yield Issue(
            span,
            f"{ins.keyword} with more than one source needs a directory destination ending in `/`: `{dest}/`",
            fix=Fix("Append / to the destination", (insert_after(span, "/"),), safety="safe")
            if ins.arg_spans and ins.arg_spans[-1] and not ins.json_form
            else None,
        )


@check("DF505")
def copy_from_itself(ctx):
    for ref in ctx.model.references:
        if ref.via in ("copy-from", "mount-from") and ref.target is not None and ref.target is ref.stage:
            yield Issue(ref.span, f"`--from={ref.name}` refers to the stage it is in; a stage cannot read from itself")


@check("DF506")
def copy_from_unknown_index(ctx):
    count = len(ctx.model.stages)
    for ref in ctx.model.references:
        if ref.via in ("copy-from", "mount-from") and ref.kind == "index" and int(ref.name) >= count:
            yield Issue(ref.span, f"`--from={ref.name}`: there is no stage {ref.name} (stages are numbered 0 to {count - 1}); BuildKit will try to pull an image named `{ref.name}`")


def _workdir_set_before(ctx, ins) -> bool:
    stage = ctx.model.stage_of.get(ins.index)
    while stage is not None:
        if any(i.keyword == "WORKDIR" and i.index < ins.index for i in stage.instructions):
            return True
        stage = stage.base_stage
    return False


@check("DF513")
def relative_destination_without_workdir(ctx):
    from ...shell import shell_of
    from ...shell.model import WINDOWS_SHELLS, basename

    for outer in ctx.doc.instructions:
        ins = outer.command
        if ins.keyword not in ("COPY", "ADD") or outer.keyword == "ONBUILD":
            continue
        _, dest = _sources_and_dest(ins)
        if dest is None or dest.startswith(("/", "$", "\\")) or re.match(r"^[a-zA-Z]:", dest):
            continue
        shell = shell_of(ctx, ins)
        if shell and basename(shell[0]).lower() in WINDOWS_SHELLS:
            continue
        if not _workdir_set_before(ctx, ins):
            span = ins.arg_spans[-1] if ins.arg_spans and ins.arg_spans[-1] else ins.span
            yield Issue(span, f"`{dest}` is relative to a working directory this stage never sets: add WORKDIR or use an absolute path")


@check("DF514")
def copy_entire_filesystem(ctx):
    for outer in ctx.doc.instructions:
        ins = outer.command
        if ins.keyword != "COPY" or ins.flag("from") is None:
            continue
        sources, _ = _sources_and_dest(ins)
        for k, source in enumerate(sources):
            if source in ("/", "/.", "/*"):
                span = ins.arg_spans[k] if ins.arg_spans and ins.arg_spans[k] else ins.span
                yield Issue(span, "Copying the whole filesystem of another stage duplicates its OS; copy only the paths you need")


_TAR = re.compile(r"\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst|lz|lzma|Z))$")


def _extracts(cmd) -> bool:
    """`tar -xzf f`, `tar xzf f`, `tar --extract -f f`."""
    if cmd.name not in ("tar", "bsdtar", "gtar") or len(cmd.words) < 2:
        return False
    first = cmd.words[1]
    return "--extract" in cmd.words or any(w.startswith("-") and not w.startswith("--") and "x" in w for w in cmd.words[1:]) or (not first.startswith("-") and "x" in first)


@check("DF517")
def copy_archive_then_extract(ctx):
    from .common import run_commands

    by_instruction = run_commands(ctx)
    for stage in ctx.model.stages:
        copied: dict[str, tuple] = {}  # archive base name -> (COPY instruction, source index)
        for ins in stage.instructions:
            if ins.keyword == "COPY" and ins.flag("from") is None:
                sources, _ = _sources_and_dest(ins)
                for k, source in enumerate(sources):
                    if _TAR.search(source) and "$" not in source and "*" not in source:
                        copied[source.rstrip("/").rsplit("/", 1)[-1]] = (ins, k)
            elif ins.keyword == "RUN" and copied:
                for _, cmd in by_instruction.get(ins.index, ()):
                    if not _extracts(cmd):
                        continue
                    for word in cmd.words[1:]:
                        hit = copied.pop(word.rsplit("/", 1)[-1], None)
                        if hit is not None:
                            copy, k = hit
                            span = copy.arg_spans[k] if copy.arg_spans and copy.arg_spans[k] else copy.span
                            yield Issue(span, f"`{copy.args[k]}` is copied and then extracted (line {cmd.span.line}): `ADD {copy.args[k]} <dir>/` extracts it without keeping the archive in a layer")
