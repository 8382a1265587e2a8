"""Find every script a Dockerfile runs: shell-form RUN, heredoc bodies, ONBUILD RUN.

Follows BuildKit's dispatchRun: a RUN whose whole command is one heredoc (`RUN <<EOF`)
runs the body as a file (its `#!` line picks the interpreter, else the current SHELL);
any other RUN hands its line plus the heredoc bodies to the shell, so a body is a
script only when the command reading it on stdin is an interpreter (`bash <<EOF`,
`python3 <<EOF`); `cat <<EOF > file` makes a body data, not code.
"""

from __future__ import annotations

from ..syntax.ast import Heredoc, Instruction
from .lexer import tokenize, unquote
from .model import POSIX_SHELLS, Script, SourceMap, basename

DEFAULT_SHELL = ("/bin/sh", "-c")
WINDOWS_SHELL = ("cmd", "/S", "/C")
# Interpreters that read a program on stdin when given none as an argument.
_INTERPRETERS = POSIX_SHELLS | frozenset({
    "python", "python2", "python3", "node", "nodejs", "perl", "ruby", "php", "lua", "Rscript",
    "pwsh", "powershell", "tclsh", "deno", "bun",
})  # fmt: skip
_INLINE_PROGRAM = frozenset({"-c", "-e", "--eval", "-Command", "-command", "-r"})


def scripts(ctx) -> list[Script]:
    """All scripts of the file in instruction order, computed once per file."""
    return ctx.memo("shell.scripts", lambda: find_scripts(ctx.doc, _shell_map(ctx)))


def shell_of(ctx, ins: Instruction) -> tuple[str, ...]:
    """The SHELL in effect at an instruction (the default for its platform if never set)."""
    return _shell_map(ctx).get(ins.index, DEFAULT_SHELL)


def _shell_map(ctx) -> dict[int, tuple[str, ...]]:
    return ctx.memo("shell.shells", lambda: _shells(ctx.doc, ctx.model))


def _shells(doc, model) -> dict[int, tuple[str, ...]]:
    """Instruction index -> SHELL in effect; SHELL is per stage and inherited by `FROM <stage>`."""
    out: dict[int, tuple[str, ...]] = {}
    final: dict[int, tuple[str, ...]] = {}  # stage index -> SHELL at its end
    current = DEFAULT_SHELL
    for ins in doc.instructions:
        stage = model.stage_of.get(ins.index)
        if ins.keyword == "FROM" and stage is not None:
            if stage.base_stage is not None:
                current = final.get(stage.base_stage.index, DEFAULT_SHELL)
            else:
                current = WINDOWS_SHELL if _windows_image(stage.base) else DEFAULT_SHELL
        elif ins.keyword == "SHELL" and ins.json_form and ins.args:
            current = tuple(ins.args)
        out[ins.index] = current
        if stage is not None:
            final[stage.index] = current
    return out


def _windows_image(base: str) -> bool:
    lowered = base.lower()
    return any(word in lowered for word in ("windows/", "nanoserver", "servercore"))


def find_scripts(doc, shells: dict[int, tuple[str, ...]]) -> list[Script]:
    found: list[Script] = []
    for ins in doc.instructions:
        run = ins.command
        if run.keyword != "RUN" or not run.args:
            continue
        shell = shells.get(ins.index, DEFAULT_SHELL)
        try:
            if run.json_form:
                found.extend(_exec_form_script(doc, ins, run))
            else:
                found.extend(_scripts_of(ins, run, shell))
        except (ValueError, IndexError):  # a construct we did not foresee: skip this RUN, never the file
            continue
    return found


def _scripts_of(ins: Instruction, run: Instruction, shell: tuple[str, ...]) -> list[Script]:
    interpreter = basename(shell[0]).lower() if shell else "sh"
    interpreter = interpreter.removesuffix(".exe")
    line = run.args[0]
    start = run.original.find(line, run.rest_offset) if line else run.rest_offset
    if start < 0:
        start = run.rest_offset
    line_map = SourceMap()
    line_map.add_instruction(0, run, start)
    if not run.heredocs:
        return [Script(ins, interpreter, line, line_map, shell=shell)]
    if len(run.heredocs) == 1 and _is_lone_opener(line):
        body = run.heredocs[0]
        shebang = _shebang(body.content)
        return [Script(ins, shebang or interpreter, body.content, _body_map(body), body, () if shebang else shell)]
    main = Script(ins, interpreter, line, line_map, shell=shell)
    if interpreter not in POSIX_SHELLS:
        return [main]
    out = [main]
    stdin: dict[int, tuple[Heredoc, str]] = {}  # owning command -> the heredoc that ends up on its stdin
    for heredoc, (at, fd) in zip(run.heredocs, _openers(line)):
        owner, reader = _reader(main, at)
        if reader is not None and fd == 0:
            stdin[owner] = (heredoc, reader)  # with `<<A <<B`, B replaces A as stdin
    for heredoc, reader in stdin.values():
        out.append(Script(ins, _shebang(heredoc.content) or reader, heredoc.content, _body_map(heredoc), heredoc))
    return out


def _exec_form_script(doc, ins: Instruction, run: Instruction) -> list[Script]:
    """`RUN ["bash", "-o", "pipefail", "-euc", "script"]`: the script of an explicit shell."""
    args = run.args
    if basename(args[0]) not in POSIX_SHELLS:
        return []
    at = next((k for k in range(1, len(args) - 1) if _is_command_flag(args[k])), None)
    span = run.arg_spans[at + 1] if at is not None and len(run.arg_spans) > at + 1 else None
    if span is None:
        return []
    source_map = SourceMap()
    if span.line == span.end_line:
        raw = doc.lines[span.line - 1][span.column : span.end_column - 2]  # inside the quotes
        for offset, column0 in _json_string_columns(raw, span.column):
            source_map.add_line(offset, span.line, column0)
    else:  # the string spans continuation lines: point at its start
        source_map.add_line(0, span.line, span.column - 1)
    return [Script(ins, basename(args[0]), args[at + 1], source_map, shell=tuple(args[: at + 1]))]


def _is_command_flag(word: str) -> bool:
    """`-c`, `-ec`, `-euxc`: the option cluster ends with c, so the next argument is the script."""
    return word.startswith("-") and not word.startswith("--") and word.endswith("c") and word[1:].isalpha()


def _json_string_columns(raw: str, column0: int):
    """(offset in the decoded string, 0-based source column) wherever an escape shifts them."""
    yield 0, column0
    offset, i = 0, 0
    while i < len(raw):
        if raw[i] == "\\":
            i += 6 if raw[i + 1 : i + 2] == "u" else 2
            offset += 1
            yield offset, column0 + i
        else:
            i += 1
            offset += 1


def _is_lone_opener(line: str) -> bool:
    from ..syntax.heredoc import parse_opener

    try:
        return parse_opener(line.strip()) is not None
    except ValueError:
        return False


def _openers(line: str) -> list[tuple[int, int]]:
    """(offset, file descriptor) of each heredoc opener of a RUN line, in order."""
    found = []
    for t in tokenize(line):
        digits = len(t.text) - len(t.text.lstrip("0123456789"))
        if t.kind == "redir" and t.text[digits:] in ("<<", "<<-"):
            found.append((t.start, int(t.text[:digits] or 0)))
    return found


def _reader(main: Script, at: int) -> tuple[int, str | None]:
    """(owning command's offset, interpreter) for the heredoc opened at `at`; None if it is data."""
    owner = None
    for cmd in main.commands:
        if cmd.start <= at < cmd.end and (owner is None or cmd.start >= owner.start):
            owner = cmd
    if owner is None:
        return -1, None
    return owner.start, _interpreter_reading_stdin(owner)


def _interpreter_reading_stdin(owner) -> str | None:
    """`bash`, `sh -s -- x`, `sudo python3 -`: an interpreter with no program argument reads stdin."""
    words = owner.unwrapped().words
    name = basename(words[0]) if words else ""
    if name not in _INTERPRETERS:
        return None
    for word in words[1:]:
        if word in _INLINE_PROGRAM:
            return None
        if word in ("-s", "-", "--"):
            break
        if not word.startswith("-"):
            return None  # runs a script file; stdin is its input
    return name


def _shebang(content: str) -> str | None:
    """The interpreter named by a `#!` line (`#!/usr/bin/env -S bash -e` -> bash)."""
    if not content.startswith("#!"):
        return None
    words = content[2:].split("\n", 1)[0].split()
    while words and (basename(words[0]) == "env" or words[0].startswith("-")):
        words = words[1:]
    return basename(unquote(words[0])) if words else None


def _body_map(heredoc: Heredoc) -> SourceMap:
    """Offsets of `heredoc.content` -> body lines (tabs stripped by `<<-` shift the columns)."""
    source_map = SourceMap()
    offset = 0
    for k, raw in enumerate(heredoc.body.split("\n")):
        stripped = raw.lstrip("\t") if heredoc.strip_tabs else raw
        source_map.add_line(offset, heredoc.span.line + k, len(raw) - len(stripped))
        offset += len(stripped) + 1
    return source_map
