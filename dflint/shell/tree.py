"""Commands from a tree-sitter-bash syntax tree (see parse.py for why tree-sitter)."""

from __future__ import annotations

from .lexer import tokenize, unquote
from .model import Command, Script

_OPERATORS = frozenset({"&&", "||", ";", ";;", "|", "|&", "&"})
_REDIRECTS = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})


def commands_from_tree(tree, source: str, text: str, script: Script) -> list[Command]:
    """Every simple command (also inside `$(...)`, loops and conditionals), in source order.

    `source` is what was parsed (heredocs blanked), `text` the real script; both have
    the same length. tree-sitter works in UTF-8 bytes, so offsets are converted.
    """
    data = source.encode("utf-8")
    ascii_only = len(data) == len(source)

    def offset(byte: int) -> int:
        return byte if ascii_only else len(data[:byte].decode("utf-8", "replace"))

    found: list[Command] = []

    def walk(node, in_pipeline: bool) -> Command | None:
        """Collect commands below `node`; return the last one at this nesting level."""
        kind = node.type
        if kind in ("command", "declaration_command", "unset_command"):
            cmd = _command(node, offset, text, script)
            cmd.in_pipeline = in_pipeline
            found.append(cmd)
            for child in node.children:  # commands inside $(...) in the arguments
                _nested(child)
            return cmd
        if kind == "test_command":  # `[ ... ]` / `[[ ... ]]`: a command for the lexer, so for us too
            start, stop = offset(node.start_byte), offset(node.end_byte)
            tokens = [t for t in tokenize(text[start:stop]) if t.kind == "word"]
            cmd = Command([unquote(t.text) for t in tokens], text[start:stop], start, stop, script, [(t.start + start, t.end + start) for t in tokens])
            cmd.in_pipeline = in_pipeline
            found.append(cmd)
            _nested(node)
            return cmd
        if kind in _REDIRECTS:
            _nested(node)
            return None
        last = None
        pipeline = in_pipeline or kind == "pipeline"
        for child in node.children:
            if child.type in _OPERATORS:
                if last is not None and last.operator is None:
                    last.operator = child.type
                continue
            tail = walk(child, pipeline)
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
            if child.type in ("command_substitution", "process_substitution"):
                walk(child, False)
            else:
                _nested(child)

    walk(tree.root_node, False)
    found.sort(key=lambda c: c.start)
    for cmd in found:
        if cmd.operator is None and cmd is not found[-1]:
            cmd.operator = ";"
    if found:
        found[-1].operator = None
    return found


def _command(node, offset, text: str, script: Script) -> Command:
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    assignments: list[str] = []
    end = node.start_byte
    for child in node.children:
        if child.type in _REDIRECTS:
            continue
        start, stop = offset(child.start_byte), offset(child.end_byte)
        end = child.end_byte
        raw = text[start:stop]
        if child.type == "variable_assignment" and not words:
            assignments.append(raw)
            continue
        words.append(unquote(raw))
        offsets.append((start, stop))
    start = offset(node.start_byte)
    stop = offset(max(end, node.start_byte))
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
