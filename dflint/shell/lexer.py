"""A small, forgiving POSIX-shell lexer: words, operators, redirections and heredoc bodies.

Why: rules must work on every script, including ones the structural parser
(tree-sitter-bash, optional) cannot handle or when it is not installed. This lexer
never raises; unterminated quotes or substitutions simply run to the end of the text.
It also finds heredoc openers (`cat <<EOF`) and skips their bodies, which the
structural parser gets wrong when several heredocs share a line.
"""

from __future__ import annotations

import re

from ..records import Record

OPERATORS = ("&&", "||", ";;", "|&", ";", "|", "&", "(", ")")
_REDIRECTS = ("<<<", "<<-", "<<", ">>", "<&", ">&", "<>", ">|", "&>>", "&>", "<", ">")
_BLANK = " \t"
_QUOTING = re.compile(r"['\"\\$`]")


class Token(Record):
    """kind: "word", "op" (operators and newline, written as ";"), "redir" or "heredoc" (a body)."""

    kind: str
    text: str
    start: int
    end: int

    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind: str, text: str, start: int, end: int) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end


def skip_single(text: str, i: int) -> int:
    """`i` is just after an opening `'`; return the index after the closing one."""
    j = text.find("'", i)
    return len(text) if j < 0 else j + 1


def _skip_double(text: str, i: int) -> int:
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == '"':
            return i + 1
        elif ch == "$" and i + 1 < n and text[i + 1] in "({":
            i = skip_dollar(text, i)
        elif ch == "`":
            i = _skip_backtick(text, i + 1)
        else:
            i += 1
    return n


def _skip_backtick(text: str, i: int) -> int:
    n = len(text)
    while i < n:
        if text[i] == "\\":
            i += 2
        elif text[i] == "`":
            return i + 1
        else:
            i += 1
    return n


def skip_dollar(text: str, i: int) -> int:
    """`text[i]` is `$` followed by `(` or `{`: the index after the balanced group."""
    opening = text[i + 1]
    closing = ")" if opening == "(" else "}"
    depth = 0
    n = len(text)
    j = i + 1
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "'" and opening == "(":
            j = skip_single(text, j + 1)
            continue
        if ch == '"':
            j = _skip_double(text, j + 1)
            continue
        if ch == "`":
            j = _skip_backtick(text, j + 1)
            continue
        if ch == "$" and j + 1 < n and text[j + 1] in "({":
            j = skip_dollar(text, j)
            continue
        if ch == opening:
            depth += 1
        elif ch == closing:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def _word_end(text: str, i: int) -> int:
    """The index just after the word starting at `i`."""
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _BLANK or ch == "\n" or ch in ";&|()<>":
            return i
        if ch == "\\":
            i += 2
        elif ch == "'":
            i = skip_single(text, i + 1)
        elif ch == '"':
            i = _skip_double(text, i + 1)
        elif ch == "`":
            i = _skip_backtick(text, i + 1)
        elif ch == "$" and i + 1 < n and text[i + 1] in "({":
            i = skip_dollar(text, i)
        elif ch == "$" and i + 1 < n and text[i + 1] == "'":
            i = _skip_ansi(text, i + 2)
        else:
            i += 1
    return min(i, n)


def _skip_ansi(text: str, i: int) -> int:
    n = len(text)
    while i < n:
        if text[i] == "\\":
            i += 2
        elif text[i] == "'":
            return i + 1
        else:
            i += 1
    return n


def unquote(word: str) -> str:
    """The word as the command receives it: quotes and escapes removed, expansions kept as written."""
    if _QUOTING.search(word) is None:
        return word
    out = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch == "\\":
            if i + 1 < n and word[i + 1] != "\n":
                out.append(word[i + 1])
            i += 2
        elif ch == "'":
            j = skip_single(word, i + 1)
            out.append(word[i + 1 : j - 1 if j <= n and word[j - 1 : j] == "'" else j])
            i = j
        elif ch == '"':
            j = _skip_double(word, i + 1)
            inner = word[i + 1 : j - 1 if word[j - 1 : j] == '"' and j - 1 > i else j]
            out.append(_unescape_double(inner))
            i = j
        elif ch == "$" and i + 1 < n and word[i + 1] == "'":
            j = _skip_ansi(word, i + 2)
            out.append(word[i + 2 : j - 1])
            i = j
        elif ch == "$" and i + 1 < n and word[i + 1] in "({":
            j = skip_dollar(word, i)
            out.append(word[i:j])
            i = j
        elif ch == "`":
            j = _skip_backtick(word, i + 1)
            out.append(word[i:j])
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _unescape_double(inner: str) -> str:
    if "\\" not in inner:
        return inner
    out = []
    i, n = 0, len(inner)
    while i < n:
        if inner[i] == "\\" and i + 1 < n and inner[i + 1] in '\\"$`':
            out.append(inner[i + 1])
            i += 2
        elif inner[i] == "\\" and i + 1 < n and inner[i + 1] == "\n":
            i += 2
        else:
            out.append(inner[i])
            i += 1
    return "".join(out)


def _redirect_at(text: str, i: int) -> str | None:
    for op in _REDIRECTS:
        if text.startswith(op, i):
            return op
    return None


def tokenize(text: str) -> list[Token]:
    """Split a script into tokens; heredoc bodies become single "heredoc" tokens."""
    tokens: list[Token] = []
    pending: list[tuple[str, bool]] = []  # heredocs opened on the current line: (delimiter, strip tabs)
    i, n = 0, len(text)
    at_word_start = True
    while i < n:
        ch = text[i]
        if ch in _BLANK:
            i += 1
            continue
        if ch == "\\" and text.startswith("\n", i + 1):
            i += 2
            continue
        if ch == "\n":
            tokens.append(Token("op", ";", i, i + 1))
            i += 1
            if pending:
                i = _read_bodies(text, i, pending, tokens)
                pending = []
            continue
        if ch == "#" and at_word_start:
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        start = i
        while i < n and text[i].isdigit():
            i += 1
        redirect = _redirect_at(text, i)
        if redirect is None:
            i = start
        else:
            i += len(redirect)
            tokens.append(Token("redir", text[start:i], start, i))
            if redirect in ("<<", "<<-"):
                while i < n and text[i] in _BLANK:
                    i += 1
                end = _word_end(text, i)
                if end > i:
                    tokens.append(Token("word", text[i:end], i, end))
                    pending.append((unquote(text[i:end]), redirect == "<<-"))
                    i = end
            continue
        op = next((o for o in OPERATORS if text.startswith(o, i)), None)
        if op is not None:
            tokens.append(Token("op", op, i, i + len(op)))
            i += len(op)
            continue
        end = _word_end(text, i)
        if end == i:  # a lone character the word scanner stops at; never loop forever
            end = i + 1
        tokens.append(Token("word", text[i:end], i, end))
        i = end
    return tokens


def _read_bodies(text: str, i: int, pending: list[tuple[str, bool]], tokens: list[Token]) -> int:
    """Consume the bodies of the heredocs opened on the previous line, starting at `i`."""
    n = len(text)
    for delimiter, strip_tabs in pending:
        start = i
        while i < n:
            j = text.find("\n", i)
            line_end = n if j < 0 else j
            line = text[i:line_end]
            if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                tokens.append(Token("heredoc", text[start:i], start, i))
                i = n if j < 0 else j + 1
                break
            i = n if j < 0 else j + 1
        else:
            tokens.append(Token("heredoc", text[start:n], start, n))
    return i
