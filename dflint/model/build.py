"""Build the semantic model from the syntax tree in one pass."""

from __future__ import annotations

import re

from ..syntax.ast import Document, Instruction
from ..syntax.mounts import MountError, parse_mount
from ..syntax.shell_words import Lexer
from .types import EXTRA_AUTOMATIC_ARGS, PLATFORM_ARGS, Model, Reference, Stage, VarDef

# An image reference has a registry/namespace, a tag or a digest; a bare word might
# be an official image or a named build context.
_IMAGE_LIKE = re.compile(r"[/:@]")


def classify(name: str, stages_so_far: dict[str, Stage]) -> tuple[str, Stage | None]:
    lowered = name.lower()
    if lowered in stages_so_far:
        return "stage", stages_so_far[lowered]
    if lowered == "scratch":
        return "scratch", None
    if "$" in name:
        return "variable", None
    if name.isdigit():
        return "index", None
    if _IMAGE_LIKE.search(name):
        return "image", None
    return "ambiguous", None


def _arg_words(ins: Instruction):
    for word in ins.args:
        name, eq, value = word.partition("=")
        yield name, (value if eq else None)


def _unquote(value: str, escape: str) -> str:
    if "'" not in value and '"' not in value and "$" not in value and escape not in value:
        return value  # nothing for the lexer to remove or expand
    try:
        return Lexer(escape, skip_unset_env=True).process_word(value, {})
    except ValueError:
        return value


def build_model(doc: Document) -> Model:
    global_args: list[VarDef] = []
    global_scope: dict[str, VarDef] = {}
    stages: list[Stage] = []
    by_name: dict[str, Stage] = {}
    references: list[Reference] = []
    scopes: dict[int, dict[str, VarDef]] = {}
    stage_of: dict[int, Stage] = {}
    stage_env: dict[int, dict[str, VarDef]] = {}  # stage index -> ENV at its end (children inherit)
    automatic = {name: VarDef(name, None, "automatic") for name in PLATFORM_ARGS + EXTRA_AUTOMATIC_ARGS}
    current: Stage | None = None
    scope: dict[str, VarDef] = {}
    escape = doc.escape
    all_names: dict[str, Stage] = {}  # filled as stages appear; --from may point forward

    def resolve_source(name: str) -> tuple[str, Stage | None]:
        kind, target = classify(name, all_names)
        if kind == "index" and int(name) < len(stages):
            target = stages[int(name)]
        return kind, target

    pending: list[Reference] = []
    for ins in doc.instructions:
        kw = ins.keyword
        if kw == "FROM":
            if current is not None:
                stage_env[current.index] = {k: v for k, v in scope.items() if v.kind == "env"}
            scopes[ins.index] = {**automatic, **global_scope}
            base = ins.args[0] if ins.args else ""
            stage = Stage(index=len(stages), from_instruction=ins, base=base)
            platform = ins.flag("platform")
            stage.platform = platform.value if platform else None
            if len(ins.args) == 3 and ins.args[1].lower() == "as":
                stage.name_as_written = ins.args[2]
                stage.name = ins.args[2].lower()
                stage.name_span = ins.arg_spans[2]
            kind, target = classify(base, by_name)
            stage.base_stage = target
            if ins.args:
                references.append(Reference("from", base, ins, ins.arg_spans[0], stage, kind, target))
            stages.append(stage)
            if stage.name and stage.name not in by_name:
                by_name[stage.name] = stage
            current = stage
            scope = dict(stage_env.get(target.index, {})) if target is not None else {}
            stage_of[ins.index] = stage
            continue

        if current is None:
            scopes[ins.index] = dict(global_scope)
            if kw == "ARG":
                for name, value in _arg_words(ins):
                    var = VarDef(name, _unquote(value, escape) if value is not None else None, "global-arg", ins)
                    global_args.append(var)
                    global_scope[name] = var
            continue

        current.instructions.append(ins)
        stage_of[ins.index] = current
        scopes[ins.index] = scope
        command = ins.command
        if kw == "ARG":
            scope = dict(scope)
            for name, value in _arg_words(ins):
                if value is not None:
                    scope[name] = VarDef(name, _unquote(value, escape), "arg", ins)
                elif name in automatic:
                    scope[name] = VarDef(name, None, "automatic", ins)
                elif name in global_scope:
                    scope[name] = VarDef(name, global_scope[name].value, "arg", ins)
                else:
                    scope[name] = VarDef(name, None, "arg", ins)
        elif kw == "ENV":
            scope = dict(scope)
            for name, value in zip(ins.args[::2], ins.args[1::2]):
                scope[name] = VarDef(name, None if "$" in value else _unquote(value, escape), "env", ins)
        if command.keyword == "COPY":
            source = command.flag("from")
            if source is not None and source.value:
                pending.append(Reference("copy-from", source.value, ins, source.span, current, ""))
        elif command.keyword == "RUN":
            for flag in command.flags_named("mount"):
                if not flag.value:
                    continue
                try:
                    mount = parse_mount(flag.value)
                except MountError:
                    continue
                if mount.from_:
                    pending.append(Reference("mount-from", mount.from_, ins, flag.span, current, ""))
    all_names.update(by_name)
    for ref in pending:
        ref.kind, ref.target = resolve_source(ref.name)
    references.extend(pending)
    references.sort(key=lambda r: (r.span.line, r.span.column))
    return Model(
        global_args=global_args,
        stages=stages,
        references=references,
        scopes=scopes,
        stage_of=stage_of,
    )
