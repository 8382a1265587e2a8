"""What shell analysis hands to rules: scripts a Dockerfile runs and the commands in them."""

from __future__ import annotations

import bisect
import re

from ..records import Record
from ..syntax.ast import Heredoc, Instruction, Span

# Interpreters whose scripts are POSIX-shell syntax (parsed into commands).
POSIX_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
# Shells that know `set -o pipefail` (POSIX only added it in 2024; dash still lacks it).
PIPEFAIL_SHELLS = frozenset({"bash", "zsh", "ksh", "mksh", "ash"})
# Shells whose scripts are not POSIX syntax at all.
WINDOWS_SHELLS = frozenset({"cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh", "pwsh.exe"})


def basename(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]


class SourceMap:
    """Maps offsets of a script's text back to Dockerfile positions.

    A script is made of pieces: text taken from an instruction's logical line
    (mapped through `Instruction.span_of`, which knows the joined continuations)
    or lines of a heredoc body (each starting at a known line and column).
    """

    __slots__ = ("_pieces", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._pieces: list[tuple] = []

    def add_instruction(self, script_offset: int, ins: Instruction, original_offset: int) -> None:
        self._starts.append(script_offset)
        self._pieces.append(("ins", ins, original_offset))

    def add_line(self, script_offset: int, line: int, column0: int) -> None:
        self._starts.append(script_offset)
        self._pieces.append(("line", line, column0))

    def _piece(self, offset: int) -> int:
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)

    def _position(self, offset: int, end: bool) -> tuple[int, int]:
        k = self._piece(offset)
        kind, a, b = self._pieces[k]
        delta = offset - self._starts[k]
        if kind == "ins":
            at = b + delta
            span = a.span_of(at, at + 1)
            return (span.end_line, span.end_column) if end else (span.line, span.column)
        return (a, b + delta + (2 if end else 1))

    def span(self, start: int, end: int) -> Span:
        line, column = self._position(start, False)
        if end <= start:
            return Span(line, column, line, column)
        last = self._piece(end - 1)
        if self._pieces[last][0] == "line" and self._piece(end) == last + 1 and self._pieces[last + 1][1] == self._pieces[last][1]:
            end_line, end_column = self._position(end, False)  # a piece on the same line (after an escape) starts there
        else:
            end_line, end_column = self._position(end - 1, True)
        return Span(line, column, end_line, end_column)


class Command(Record):
    """One simple command: `words` is its argv with quotes removed (leading
    `NAME=value` assignments and redirections left out); offsets are in the script."""

    words: list[str]
    raw: str
    start: int
    end: int
    script: Script
    word_offsets: list[tuple[int, int]]
    assignments: list[str]
    operator: str | None  # "&&", "||", ";", "|", "|&", "&" joining it to the next command
    in_pipeline: bool
    name: str  # the program's base name (`/usr/bin/apt-get` -> `apt-get`)

    __slots__ = ("words", "raw", "start", "end", "script", "word_offsets", "assignments", "operator", "in_pipeline", "name")
    __eq__ = object.__eq__  # identity, as the dataclass had eq=False
    __hash__ = object.__hash__

    def __init__(
        self,
        words: list[str],
        raw: str,
        start: int,
        end: int,
        script: Script,
        word_offsets: list[tuple[int, int]] | None = None,
        assignments: list[str] | None = None,
        operator: str | None = None,
        in_pipeline: bool = False,
    ) -> None:
        self.words = words
        self.raw = raw
        self.start = start
        self.end = end
        self.script = script
        self.word_offsets = [] if word_offsets is None else word_offsets
        self.assignments = [] if assignments is None else assignments
        self.operator = operator
        self.in_pipeline = in_pipeline
        self.name = basename(self.words[0]) if self.words else ""

    @property
    def args(self) -> list[str]:
        return self.words[1:]

    @property
    def span(self) -> Span:
        return self.script.span(self.start, self.end)

    def word_span(self, index: int) -> Span:
        start, end = self.word_offsets[index]
        return self.script.span(start, end)

    def unwrapped(self) -> Command:
        """The command that really runs behind `sudo`, `env`, `nice`, `time`, `exec` wrappers
        (their options and `NAME=value` words skipped)."""
        words = self.words
        i = 0
        while i < len(words) and basename(words[i]) in _WRAPPERS:
            i += 1
            while i < len(words) and (words[i].startswith("-") or _ASSIGNMENT.match(words[i])):
                i += 2 if words[i] in _WRAPPER_VALUE_OPTIONS else 1
        if i == 0 or i >= len(words):
            return self
        offsets = self.word_offsets
        return Command(
            words[i:], self.raw, offsets[i][0], self.end, self.script, offsets[i:], self.assignments,
            self.operator, self.in_pipeline,
        )  # fmt: skip


_WRAPPERS = frozenset({"sudo", "env", "nice", "time", "exec", "nohup", "command", "doas"})
# Wrapper options that take a value: `sudo -u app`, `nice -n 10`, `env -u NAME`.
_WRAPPER_VALUE_OPTIONS = frozenset({"-u", "-g", "-n", "-C", "-D", "-p", "-U", "-h", "-r", "-t", "-S"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


class Script(Record):
    """A script a Dockerfile runs: shell-form RUN text or a heredoc body, with its interpreter."""

    instruction: Instruction  # as written: a RUN, or the ONBUILD holding it
    interpreter: str  # base name: "sh", "bash", "python3", "pwsh", ...
    text: str
    source_map: SourceMap
    heredoc: Heredoc | None  # the body this script is, None for the RUN line itself
    shell: tuple[str, ...]  # the SHELL command line when SHELL runs this text (`sh -c TEXT`), else ()
    parser: str  # "tree-sitter" or "tokenizer", set once commands are parsed
    _commands: list[Command] | None

    __slots__ = ("instruction", "interpreter", "text", "source_map", "heredoc", "shell", "parser", "_commands")
    __eq__ = object.__eq__  # identity, as the dataclass had eq=False
    __hash__ = object.__hash__

    def __init__(
        self,
        instruction: Instruction,
        interpreter: str,
        text: str,
        source_map: SourceMap,
        heredoc: Heredoc | None = None,
        shell: tuple[str, ...] = (),
        parser: str = "",
        _commands: list[Command] | None = None,
    ) -> None:
        self.instruction = instruction
        self.interpreter = interpreter
        self.text = text
        self.source_map = source_map
        self.heredoc = heredoc
        self.shell = shell
        self.parser = parser
        self._commands = _commands

    @property
    def run(self) -> Instruction:
        """The RUN instruction that executes the script."""
        return self.instruction.command

    @property
    def is_shell(self) -> bool:
        return self.interpreter in POSIX_SHELLS

    def span(self, start: int, end: int) -> Span:
        return self.source_map.span(start, end)

    @property
    def commands(self) -> list[Command]:
        """The simple commands in source order (empty for non-shell scripts); parsed on first use."""
        if self._commands is None:
            from .parse import parse_commands

            self._commands = parse_commands(self) if self.is_shell else []
        return self._commands
