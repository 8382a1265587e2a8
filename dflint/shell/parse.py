"""Script text -> simple commands, with tree-sitter-bash when installed, else the lexer.

tree-sitter-bash was chosen by measurement (docs/shell-analysis.md): ~13x faster
than bashlex, ~2 ms to import instead of 130-190 ms, and it parses `case`, `[[ ]]`,
`$(( ))` and functions, which bashlex refuses. It is optional (the `shell` extra); whenever it is missing,
or reports a syntax error, the forgiving lexer below gives the commands instead.
Heredocs inside a script are blanked before tree-sitter sees them: its grammar
mis-parses several heredocs on one line and `<<EOF;`.
"""

from __future__ import annotations

import re
from functools import cache

from .lexer import Token, skip_dollar, skip_single, tokenize, unquote
from .model import Command, Script
from .tree import commands_from_tree

_SEPARATORS = frozenset({"&&", "||", ";;", "|&", ";", "|", "&"})
_PREFIX_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "fi", "done", "esac", "time"})
_LOOP_KEYWORDS = frozenset({"for", "select"})


# One simple command of plain words (no quotes, expansions, operators, redirections,
# globs, comments, assignments or keywords), as a third of RUN lines are: every parser
# reads it as its words, so it needs neither tree-sitter nor the lexer.
_PLAIN_WORD = r"[A-Za-z0-9_./:,+@%-]+"
_PLAIN_SCRIPT = re.compile(rf"[ \t]*[A-Za-z_./][A-Za-z0-9_./-]*(?:[ \t]+{_PLAIN_WORD})*[ \t]*")  # tree-sitter-bash refuses `a%`, `b@c` as names
_WORD = re.compile(_PLAIN_WORD)
# Keywords, and the declaration commands tree-sitter-bash parses apart (`local a:b` is an error there).
_NOT_PLAIN_FIRST = frozenset({"case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if",
                              "in", "select", "then", "time", "until", "while",
                              "declare", "export", "local", "readonly", "typeset", "unset"})  # fmt: skip


# Commands already read, by script text: files of one project repeat their RUN scripts
# (`apt-get update && …`), and the language server re-lints unchanged scripts on every
# edit. Kept as plain values, so each script gets Commands of its own to point at it.
_KNOWN_LIMIT = 4096
_known: dict[tuple[str, bool], tuple[str, list[tuple]]] = {}


def parse_commands(script: Script) -> list[Command]:
    key = (script.text, _tree_sitter() is not None)
    known = _known.get(key)
    if known is not None:
        script.parser, rows = known
        return [
            Command(list(words), raw, start, end, script, list(offsets), list(assignments), operator, in_pipeline)
            for words, raw, start, end, offsets, assignments, operator, in_pipeline in rows
        ]
    commands = _parse_commands(script)
    if len(_known) >= _KNOWN_LIMIT:
        _known.clear()
    _known[key] = (script.parser, [
        (tuple(c.words), c.raw, c.start, c.end, tuple(c.word_offsets), tuple(c.assignments), c.operator, c.in_pipeline)
        for c in commands
    ])
    return commands


def _parse_commands(script: Script) -> list[Command]:
    text = script.text
    parser = _tree_sitter()
    plain = _plain_command(script) if _PLAIN_SCRIPT.fullmatch(text) else None
    if plain is not None:
        script.parser = "tree-sitter" if parser is not None else "tokenizer"  # whose reading this is
        return [plain]
    tokens = tokenize(text) if ("<<" in text or parser is None) else None
    if parser is not None:
        found = _with_tree_sitter(parser, script, _blank_heredocs(text, tokens) if tokens is not None else text)
        if found is not None:
            script.parser = "tree-sitter"
            return found
        if tokens is None:
            tokens = tokenize(text)
    script.parser = "tokenizer"
    return commands_from_tokens(tokens, text, script)


def _plain_command(script: Script) -> Command | None:
    """The one command of a plain script (see _PLAIN_SCRIPT), None if it starts with a keyword
    or a declaration command."""
    text = script.text
    words = list(_WORD.finditer(text))
    if words[0].group() in _NOT_PLAIN_FIRST:
        return None
    start, end = words[0].start(), words[-1].end()
    return Command([w.group() for w in words], text[start:end], start, end, script, [w.span() for w in words])


def _with_tree_sitter(parser, script: Script, source: str) -> list[Command] | None:
    """Commands from tree-sitter, or None when it finds a syntax error (or fails at all)."""
    try:
        tree = parser.parse(source.encode("utf-8"))
        if tree.root_node.has_error:
            return None
        return commands_from_tree(tree, source, script.text, script)
    except Exception:  # noqa: BLE001 - a third-party parser must never take the lint run down
        return None


@cache
def _tree_sitter():
    """A tree-sitter parser for bash, or None when the optional packages are absent."""
    try:
        tree_sitter = _binding("tree_sitter")
        tree_sitter_bash = _binding("tree_sitter_bash")
    except ImportError:
        return None
    try:
        return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
    except (TypeError, ValueError, AttributeError):  # an incompatible tree-sitter version
        return None


def _binding(package: str):
    """`package._binding`, the compiled module behind tree-sitter and tree-sitter-bash.

    Loaded without running `package/__init__.py`, which imports `typing` and
    `importlib.resources` (≈ 8 ms, half of a first lint) for type hints and query files
    dflint does not use. It is registered in sys.modules, so a later `import tree_sitter`
    shares it. Anything unusual falls back to the ordinary import.
    """
    import importlib
    import sys
    from importlib.machinery import ExtensionFileLoader, PathFinder

    name = f"{package}._binding"
    if name in sys.modules:
        return sys.modules[name]
    found = PathFinder.find_spec(package)
    spec = PathFinder.find_spec(name, found.submodule_search_locations) if found and found.submodule_search_locations else None
    if spec is None or not isinstance(spec.loader, ExtensionFileLoader):
        return importlib.import_module(name)
    module = spec.loader.create_module(spec)
    spec.loader.exec_module(module)
    sys.modules[name] = module
    return module


def _blank_heredocs(text: str, tokens: list[Token]) -> str:
    """Same-length text where `<<EOF` reads `< xxx` (stdin from a file) and bodies are blank.

    Offsets stay valid, so commands map back to the original text.
    """
    chars = list(text)
    for k, token in enumerate(tokens):
        if token.kind == "redir" and token.text.lstrip("0123456789") in ("<<", "<<-"):
            op_start = token.end - len(token.text.lstrip("0123456789"))
            chars[op_start] = "<"
            for i in range(op_start + 1, token.end):
                chars[i] = " "
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if nxt is not None and nxt.kind == "word":
                for i in range(nxt.start, nxt.end):
                    chars[i] = "x"
        elif token.kind == "heredoc":
            for i in range(token.start, token.end):
                if chars[i] != "\n":
                    chars[i] = " "
    return "".join(chars)


def commands_from_tokens(tokens: list[Token], text: str, script: Script) -> list[Command]:
    """Group lexer tokens into commands, skipping shell keywords and loop/case headers."""
    commands: list[Command] = []
    words: list[Token] = []
    extent: list[int] = []  # start and end of the command including its redirections
    skip_until: str | None = None  # a keyword that ends a `for ... do` or `case ... in` header
    case_depth = 0
    expect_pattern = False
    previous_pipe = False
    redirect_target = False

    def close(operator: str | None) -> None:
        nonlocal words, previous_pipe
        if words:
            cmd = _command(words, text, script)
            if cmd.words:  # a bare `NAME=value` is no command (as for tree-sitter)
                cmd.start, cmd.end = min(extent[0], cmd.start), max(extent[1], cmd.end)
                cmd.raw = text[cmd.start : cmd.end]
                cmd.operator = operator
                cmd.in_pipeline = previous_pipe or operator in ("|", "|&")
                commands.append(cmd)
            for token in words:
                commands.extend(_substituted(token, text, script))
            previous_pipe = operator in ("|", "|&")
        words = []
        extent.clear()

    for token in tokens:
        if token.kind == "heredoc":
            continue
        if token.kind == "redir" or (token.kind == "word" and redirect_target):
            redirect_target = token.kind == "redir"
            extent[:] = [extent[0] if extent else token.start, token.end]
            continue
        redirect_target = False
        if token.kind == "op":
            if skip_until is not None or expect_pattern:
                if expect_pattern and token.text == ")":
                    expect_pattern = False
                continue
            if token.text in _SEPARATORS:
                close(token.text)
                if token.text == ";;" and case_depth:
                    expect_pattern = True
            else:  # ( or ): subshells and function definitions only group
                close(None)
            continue
        word = token.text
        if skip_until is not None:
            if word == skip_until:
                skip_until = None
                if word == "in":
                    expect_pattern = True
            continue
        if expect_pattern:
            if word == "esac":
                expect_pattern = False
                case_depth -= 1
            elif word.endswith(")"):
                expect_pattern = False
            continue
        if not words:
            if word in _PREFIX_KEYWORDS:
                continue
            if word in _LOOP_KEYWORDS:
                skip_until = "do"
                continue
            if word == "case":
                case_depth += 1
                skip_until = "in"
                continue
            if word == "esac" and case_depth:
                case_depth -= 1
                continue
        words.append(token)
        extent[:] = [extent[0] if extent else token.start, token.end]
    close(None)
    if commands:
        commands[-1].operator = None
    commands.sort(key=lambda c: c.start)
    return commands


def _substituted(token: Token, text: str, script: Script) -> list[Command]:
    """Commands inside `$(...)` of a word (not inside single quotes), as tree-sitter reports them."""
    found: list[Command] = []
    word = token.text
    i, n = 0, len(word)
    in_double = False
    while i < n:
        ch = word[i]
        if ch == "\\":
            i += 2
        elif ch == "'" and not in_double:
            i = skip_single(word, i + 1)
        elif ch == '"':
            in_double = not in_double
            i += 1
        elif word.startswith("$((", i):  # arithmetic, not a command
            i = skip_dollar(word, i)
        elif word.startswith("$(", i):
            end = skip_dollar(word, i)
            inner_start = token.start + i + 2
            inner_end = token.start + max(end - 1, i + 2)
            inner = [Token(t.kind, t.text, t.start + inner_start, t.end + inner_start) for t in tokenize(text[inner_start:inner_end])]
            found.extend(commands_from_tokens(inner, text, script))
            i = end
        else:
            i += 1
    return found


def _command(tokens: list[Token], text: str, script: Script) -> Command:
    assignments = []
    i = 0
    while i < len(tokens) and _is_assignment(tokens[i].text):
        assignments.append(tokens[i].text)
        i += 1
    argv = tokens[i:]
    return Command(
        words=[unquote(t.text) for t in argv],
        raw=text[tokens[0].start : tokens[-1].end],
        start=tokens[0].start,
        end=tokens[-1].end,
        script=script,
        word_offsets=[(t.start, t.end) for t in argv],
        assignments=assignments,
    )


def _is_assignment(word: str) -> bool:
    name, eq, _ = word.partition("=")
    return bool(eq) and name.replace("_", "a").isalnum() and not name[0].isdigit()
