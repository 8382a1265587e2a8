"""Script text -> simple commands, with tree-sitter-bash when installed, else the lexer.

tree-sitter-bash was chosen by measurement (docs/shell-analysis.md): ~13x faster
than bashlex, ~2 ms to import instead of 130-190 ms, and it parses `case`, `[[ ]]`,
`$(( ))` and functions, which bashlex refuses. It is optional (the `shell` extra); whenever it is missing,
or reports a syntax error, the forgiving lexer below gives the commands instead.
Heredocs inside a script are blanked before tree-sitter sees them: its grammar
mis-parses several heredocs on one line and `<<EOF;`.
"""

from __future__ import annotations

from functools import cache

from .lexer import Token, skip_dollar, skip_single, tokenize, unquote
from .model import Command, Script

_SEPARATORS = frozenset({"&&", "||", ";;", "|&", ";", "|", "&"})
_PREFIX_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "fi", "done", "esac", "time"})
_LOOP_KEYWORDS = frozenset({"for", "select"})


def parse_commands(script: Script) -> list[Command]:
    text = script.text
    parser = _tree_sitter()
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


def _with_tree_sitter(parser, script: Script, source: str) -> list[Command] | None:
    """Commands from tree-sitter, or None when it finds a syntax error (or fails at all)."""
    from .tree import commands_from_tree

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
        import tree_sitter
        import tree_sitter_bash
    except ImportError:
        return None
    try:
        return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
    except (TypeError, ValueError, AttributeError):  # an incompatible tree-sitter version
        return None


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
