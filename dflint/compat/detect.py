"""Walk a Dockerfile and list every BuildKit-era feature it uses, with its position.

Feature ids are those of the knowledge base (`rules/knowledge/features/`). A
use that refines another (an option of a mount, a quoted heredoc delimiter)
carries that broader use as its `parent`.
"""

from __future__ import annotations

import re

from ..model.types import EXTRA_AUTOMATIC_ARGS, PLATFORM_ARGS, Model
from ..syntax.ast import Document, Flag, Instruction, Span
from ..syntax.mounts import MountError, parse_mount
from ..syntax.shell_words import find_variable_references
from .sources import is_git_source
from .spans import inside
from .uses import FeatureUse

# Instructions whose arguments BuildKit itself expands (RUN, CMD… are left to the shell).
_EXPANDED = frozenset(("ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "ARG"))
_EXPANSION_FEATURE = {
    ":?": "expansion.required", "?": "expansion.required",
    "-": "expansion.no-colon", "+": "expansion.no-colon",
    "#": "expansion.pattern", "##": "expansion.pattern", "%": "expansion.pattern",
    "%%": "expansion.pattern", "/": "expansion.pattern", "//": "expansion.pattern",
}  # fmt: skip
_OCTAL = re.compile(r"^[0-7]+$")
_SPACED_OPENER = re.compile(r"(?<!\S)\d*<<-?[ \t]+\S+")
_CHECK_COMMENT = re.compile(r"^\s*#\s*check\s*=", re.IGNORECASE)


def detect_features(doc: Document, model: Model) -> list[FeatureUse]:
    """Every feature use of the file, in source order."""
    uses: list[FeatureUse] = list(_directives(doc))
    automatic_in_from = _automatic_names_in_from(model)
    for ins in doc.instructions:
        uses.extend(_instruction_uses(ins, automatic_in_from))
    uses.extend(_check_comments(doc))
    uses.extend(_named_contexts(model))
    uses.sort(key=lambda u: (u.span.line, u.span.column, u.feature))
    return uses


def _directives(doc: Document):
    syntax = doc.directives.get("syntax")
    if syntax is not None:
        yield FeatureUse("syntax-directive", syntax.span, None, f"# syntax={syntax.value}")
    check = doc.directives.get("check")
    if check is not None:
        use = FeatureUse("check-directive", check.span, None, f"# check={check.value}")
        yield use
        if any(part.partition("=")[0].strip().lower() == "experimental" for part in check.value.split(";")):
            yield FeatureUse("check-directive.experimental", check.value_span, None, f"# check={check.value}", use)


def _check_comments(doc: Document):
    """`# check=…` comments right above an instruction (not the file's directive)."""
    directive_lines = {d.span.line for d in doc.directives.values()}
    for ins in doc.instructions:
        line = ins.span.line - 1  # 1-based number of the line above
        while line >= 1 and doc.lines[line - 1].lstrip().startswith("#"):
            text = doc.lines[line - 1]
            if line not in directive_lines and _CHECK_COMMENT.match(text):
                span = Span(line, 1, line, len(text) + 1)
                yield FeatureUse("check-comment", span, ins, text.strip())
            line -= 1


def _automatic_names_in_from(model: Model) -> frozenset[str]:
    """Automatic platform ARGs that FROM lines see unchanged (no global ARG gives them a value)."""
    overridden = {v.name for v in model.global_args if v.value is not None}
    return frozenset(n for n in PLATFORM_ARGS + EXTRA_AUTOMATIC_ARGS if n not in overridden)


def _instruction_uses(ins: Instruction, automatic_in_from: frozenset[str]):
    command = ins.command
    onbuild = ins.keyword == "ONBUILD"
    keyword = command.keyword
    if keyword == "RUN":
        if command.flags:
            yield from _run_flags(command)
    elif keyword in ("COPY", "ADD"):
        yield from _copy_flags(command)
    elif keyword == "FROM":
        yield from _from_uses(command, automatic_in_from)
    elif keyword == "ARG":
        yield from _platform_arg_declarations(command)
    elif keyword == "SHELL":
        yield FeatureUse("shell-instruction", command.keyword_span or command.span, ins, "SHELL")
    if command.heredocs:
        yield from _heredocs(ins, command, onbuild)
    if onbuild:
        yield from _onbuild_from(ins, command)
    elif keyword in _EXPANDED and ("${" in command.original or command.json_form):  # else no `${` in a word or flag
        yield from _expansions(command)


def _flag_use(feature: str, flag: Flag, ins: Instruction, parent: FeatureUse | None = None) -> FeatureUse:
    return FeatureUse(feature, flag.span, ins, flag.raw, parent)


def _run_flags(ins: Instruction):
    for flag in ins.flags:
        value = flag.value or ""
        if flag.name == "mount":
            try:
                mount = parse_mount(value)
            except MountError:
                continue  # a parse-family rule reports it
            typed = "$" not in (mount.options.get("type") or "")
            base = _flag_use(f"run.mount.{mount.type}" if typed else "run.mount", flag, ins)
            yield base
            options = mount.options
            if mount.from_ and mount.type == "bind":
                yield _flag_use("run.mount.bind.from", flag, ins, base)
            if mount.type == "tmpfs" and "size" in options:
                yield _flag_use("run.mount.tmpfs.size", flag, ins, base)
            if mount.type == "secret" and mount.env:
                yield _flag_use("run.mount.secret.env", flag, ins, base)
            if "required" in options:
                yield _flag_use("run.mount.required", flag, ins, base)
            if any(key in options for key in ("uid", "gid", "mode")):
                yield _flag_use("run.mount.uid-gid-mode", flag, ins, base)
        elif flag.name == "network":
            yield _flag_use("run.network.host" if value.lower() == "host" else "run.network", flag, ins)
        elif flag.name == "security":
            yield _flag_use("run.security.insecure" if value.lower() == "insecure" else "run.security", flag, ins)
        elif flag.name == "device":
            yield _flag_use("run.device", flag, ins)


def _copy_flags(ins: Instruction):
    prefix = ins.keyword.lower()
    add = ins.keyword == "ADD"
    sources = _sources(ins)
    git = any(is_git_source(s) for s in sources)
    for flag in ins.flags:
        value = flag.value or ""
        name = flag.name
        if name == "chmod":
            base = _flag_use(f"{prefix}.chmod", flag, ins)
            yield base
            if "$" in value:
                yield _flag_use("copy.chmod.variable", flag, ins, base)
            elif value and not _OCTAL.match(value):
                yield _flag_use("copy.chmod.symbolic", flag, ins, base)
        elif name == "chown" and "$" in value:
            yield _flag_use(f"{prefix}.chown.variable", flag, ins)
        elif name in ("link", "exclude") or (name == "parents" and not add):
            yield _flag_use(f"{prefix}.{name}", flag, ins)
        elif add and name == "checksum":
            yield _flag_use("add.checksum.git" if git else "add.checksum", flag, ins)
        elif add and name in ("keep-git-dir", "unpack"):
            yield _flag_use(f"add.{name}", flag, ins)
    if add:
        for source, span in zip(ins.args, ins.arg_spans):
            if source in sources and is_git_source(source):
                yield FeatureUse("add.git", span or ins.span, ins, source)


def _sources(ins: Instruction) -> list[str]:
    """COPY/ADD sources as written (the last argument is the destination; heredocs are no sources here)."""
    names = {f"<<{h.name}" for h in ins.heredocs}
    return [a for a in ins.args[:-1] if a not in names and not a.startswith("<<")]


def _from_uses(ins: Instruction, automatic: frozenset[str]):
    platform = ins.flag("platform")
    if platform is not None and platform.value:
        names = {r.name for r in find_variable_references(platform.value)}
        feature = "from.platform.variable" if names & automatic else "from.platform"
        yield _flag_use(feature, platform, ins)
    if ins.args:
        for ref in find_variable_references(ins.args[0]):
            if ref.name in automatic:
                feature = "platform-args.extra" if ref.name in EXTRA_AUTOMATIC_ARGS else "platform-args"
                yield FeatureUse(feature, _word_span(ins, 0, ref.start, ref.end), ins, ins.args[0])


def _platform_arg_declarations(ins: Instruction):
    for index, word in enumerate(ins.args):
        if "=" in word:
            continue  # a default freezes the value: not the automatic ARG
        if word in PLATFORM_ARGS:
            yield FeatureUse("platform-args", _arg_span(ins, index), ins, f"ARG {word}")
        elif word in EXTRA_AUTOMATIC_ARGS:
            yield FeatureUse("platform-args.extra", _arg_span(ins, index), ins, f"ARG {word}")


def _heredocs(ins: Instruction, command: Instruction, onbuild: bool):
    if onbuild:
        base_feature = "heredoc.onbuild"
    elif command.keyword == "RUN":
        base_feature = "heredoc"
    else:
        base_feature = "heredoc.copy"
    spaced = list(_SPACED_OPENER.finditer(command.original))
    for heredoc in command.heredocs:
        span = heredoc.opener_span
        detail = f"<<{heredoc.name}"
        spaced_match = None
        if span is None and spaced:
            # `<< EOF` lexes as two words, so the parser found no single opener word.
            spaced_match = spaced.pop(0)
            span = command.span_of(spaced_match.start(), spaced_match.end())
            detail = spaced_match.group(0)
        span = span or command.span
        base = FeatureUse(base_feature, span, ins, detail)
        yield base
        if not heredoc.expand:
            yield FeatureUse("heredoc.quoted", span, ins, detail, base)
        if spaced_match is not None:
            yield FeatureUse("heredoc.whitespace", span, ins, detail, base)


def _onbuild_from(ins: Instruction, command: Instruction):
    if command.keyword == "COPY":
        source = command.flag("from")
        if source is not None and source.value:
            yield _flag_use("onbuild.from", source, ins)
    elif command.keyword == "RUN":
        for flag in command.flags_named("mount"):
            try:
                mount = parse_mount(flag.value or "")
            except MountError:
                continue
            if mount.from_:
                yield _flag_use("onbuild.from", flag, ins)


def _expansions(ins: Instruction):
    """Expansion operators newer than the oldest lexers, in words BuildKit expands."""
    for index, word in enumerate(ins.args):
        if "${" not in word:
            continue
        for ref in find_variable_references(word):
            feature = _EXPANSION_FEATURE.get(ref.operator or "")
            if feature is not None:
                yield FeatureUse(feature, _word_span(ins, index, ref.start, ref.end), ins, word[ref.start : ref.end])
    for flag in ins.flags:
        if flag.name in ("chown", "chmod", "platform") and flag.value and "${" in flag.value:
            offset = len(flag.raw) - len(flag.value)
            for ref in find_variable_references(flag.value):
                feature = _EXPANSION_FEATURE.get(ref.operator or "")
                if feature is not None:
                    span = inside(flag.span, len(flag.raw), offset + ref.start, offset + ref.end)
                    yield FeatureUse(feature, span, ins, flag.value[ref.start : ref.end])


def _arg_span(ins: Instruction, index: int) -> Span:
    spans = ins.arg_spans
    return (spans[index] if index < len(spans) else None) or ins.span


def _word_span(ins: Instruction, index: int, start: int, end: int) -> Span:
    """The span of characters [start, end) of argument `index`, or the whole word's."""
    word_span = _arg_span(ins, index)
    return inside(word_span, len(ins.args[index]), start, end)


def _named_contexts(model: Model):
    from .contexts import context_references

    for found in context_references(model):
        if found.typo_of is None:
            ref = found.reference
            yield FeatureUse("named-context", ref.span, ref.instruction, ref.name)
