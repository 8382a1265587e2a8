"""Commands from a tree-sitter-bash syntax tree (see parse.py for why tree-sitter)."""

from __future__ import annotations

from .lexer import tokenize, unquote
from .model import Command, Script

_OPERATORS = frozenset({"&&", "||", ";", ";;", "|", "|&", "&"})
_REDIRECTS = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_SIMPLE_COMMANDS = frozenset({"command", "declaration_command", "unset_command"})


def commands_from_tree(tree, source: str, text: str, script: Script) -> list[Command]:
    """Every simple command (also inside `$(...)`, loops and conditionals), in source order.

    `source` is what was parsed (heredocs blanked), `text` the real script; both have
    the same length. tree-sitter works in UTF-8 bytes, so offsets are converted.
    """
    data = source.encode("utf-8")
    ascii_only = len(data) == len(source)
    # Commands nest inside words only through `$(...)`, backquotes or `<(...)`/`>(...)`.
    substitutions = "$(" in source or "`" in source or "<(" in source or ">(" in source

    def offset(byte: int) -> int:
        return byte if ascii_only else len(data[:byte].decode("utf-8", "replace"))

    found: list[Command] = []

    def walk(node, kind: str, in_pipeline: bool) -> Command | None:
        """Collect commands below `node` (of type `kind`); return the last one at this nesting level."""
        if kind in _SIMPLE_COMMANDS:
            cmd = _command(node, None if ascii_only else offset, text, script)
            cmd.in_pipeline = in_pipeline
            found.append(cmd)
            if substitutions:
                for child in node.children:  # commands inside $(...) in the arguments
                    _nested(child)
            return cmd
        if kind == "test_command":  # `[ ... ]` / `[[ ... ]]`: a command for the lexer, so for us too
            start, stop = offset(node.start_byte), offset(node.end_byte)
            tokens = [t for t in tokenize(text[start:stop]) if t.kind == "word"]
            cmd = Command([unquote(t.text) for t in tokens], text[start:stop], start, stop, script, [(t.start + start, t.end + start) for t in tokens])
            cmd.in_pipeline = in_pipeline
            found.append(cmd)
            if substitutions:
                _nested(node)
            return cmd
        if kind in _REDIRECTS:
            if substitutions:
                _nested(node)
            return None
        last = None
        pipeline = in_pipeline or kind == "pipeline"
        for child in node.children:
            child_kind = child.type
            if child_kind in _OPERATORS:
                if last is not None and last.operator is None:
                    last.operator = child_kind
                continue
            tail = walk(child, child_kind, pipeline)
            if tail is not None:
                last = tail
        if kind == "redirected_statement" and last is not None:
            body = node.children[0] if node.children else None
            if body is not None and body.type == "command":
                _words_after_redirects(node, last, offset, text)
            last.end = max(last.end, offset(node.end_byte))
            last.raw = text[last.start : last.end]
        return last

    def _nested(node) -> None:
        for child in node.children:
            kind = child.type
            if kind in ("command_substitution", "process_substitution"):
                walk(child, kind, False)
            else:
                _nested(child)

    root = tree.root_node
    walk(root, root.type, False)
    found.sort(key=lambda c: c.start)
    for cmd in found:
        if cmd.operator is None and cmd is not found[-1]:
            cmd.operator = ";"
    if found:
        found[-1].operator = None
    return found


def _command(node, offset, text: str, script: Script) -> Command:
    """`offset` converts byte offsets to characters; None when they are the same (ASCII),
    which saves two calls a word."""
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    assignments: list[str] = []
    begin = end = node.start_byte
    for child in node.children:
        kind = child.type
        if kind in _REDIRECTS:
            continue
        end = child.end_byte
        start, stop = (child.start_byte, end) if offset is None else (offset(child.start_byte), offset(end))
        raw = text[start:stop]
        if kind == "variable_assignment" and not words:
            assignments.append(raw)
            continue
        words.append(unquote(raw))
        offsets.append((start, stop))
    last = max(end, begin)
    start, stop = (begin, last) if offset is None else (offset(begin), offset(last))
    return Command(words, text[start:stop], start, stop, script, offsets, assignments)


def _words_after_redirects(node, cmd: Command, offset, text: str) -> None:
    """tree-sitter-bash puts the words after a redirection (`echo >&2 "msg" x`) into the
    redirection's destination list; all but the first destination are arguments."""
    for redirect in node.children[1:]:
        if redirect.type != "file_redirect":
            continue
        destinations = [c for c in redirect.children if c.is_named and c.type != "file_descriptor"]
        for extra in destinations[1:]:
            start, stop = offset(extra.start_byte), offset(extra.end_byte)
            cmd.words.append(unquote(text[start:stop]))
            cmd.word_offsets.append((start, stop))
