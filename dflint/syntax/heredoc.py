"""Heredoc openers on an instruction line (`<<EOF`, `<<-EOF`, `<<'EOF'`, `3<<EOF`, `<< EOF`).

A port of BuildKit's `heredocsFromLine`/`ParseHeredoc`: the whole line is split
into words by the shell lexer (quotes and escapes kept), and each word that looks
like an opener names a heredoc. The body expands variables unless some part of
the name was quoted. BuildKit always lexes heredoc words with `\\` as escape.
"""

from __future__ import annotations

import re

from functools import cache

from ..records import Record

_OPENER = re.compile(r"^(\d*)<<(-?)\s*([^<]*)$", re.S)
_BARE_OPERATOR = re.compile(r"^\d*<<-?$")



@cache
def _lexers():
    """(line lexer, name lexer, raw name lexer), built on first use: most files have no heredoc."""
    from .shell_words import Lexer

    return (
        Lexer("\\", raw_quotes=True, raw_escapes=True, skip_unset_env=True),
        Lexer("\\", skip_unset_env=True),
        Lexer("\\", skip_unset_env=True, raw_quotes=True),
    )


class HeredocError(ValueError):
    pass


class Opener(Record):
    name: str
    expand: bool
    strip_tabs: bool
    fd: int
    word: str  # the opener as written, e.g. "<<-'EOF'"

    __slots__ = ("name", "expand", "strip_tabs", "fd", "word")

    def __init__(self, name: str, expand: bool, strip_tabs: bool, fd: int, word: str) -> None:
        self.name = name
        self.expand = expand
        self.strip_tabs = strip_tabs
        self.fd = fd
        self.word = word


def parse_opener(word: str) -> Opener | None:
    """BuildKit's ParseHeredoc for one word; None when the word is no heredoc."""
    m = _OPENER.match(word)
    if m is None:
        return None
    rest = m.group(3)
    if not rest:
        return None
    _, name_lexer, raw_lexer = _lexers()
    try:
        words = name_lexer.process_words(rest, {})
    except ValueError as e:
        raise HeredocError(str(e)) from None
    if len(words) != 1:
        return None
    raw = raw_lexer.process_words(rest, {})
    name = words[0]
    expand = name.count("'") + name.count('"') == raw[0].count("'") + raw[0].count('"')
    return Opener(name=name, expand=expand, strip_tabs=m.group(2) == "-", fd=int(m.group(1) or 0), word=word)


def openers_in_line(line: str) -> list[Opener]:
    """All heredoc openers of an instruction line, in order."""
    try:
        words = _lexers()[0].process_words(line, {})
    except ValueError:
        return []
    found = []
    i = 0
    while i < len(words):
        word = words[i]
        # Since frontend 1.16 whitespace may follow the operator: `cat << EOF`.
        if _BARE_OPERATOR.match(word) and i + 1 < len(words):
            word = word + words[i + 1]
            i += 1
        try:
            opener = parse_opener(word)
        except HeredocError:
            # The line lexed, so this cannot happen for any input we know of; BuildKit
            # would fail the file, we treat the word as no heredoc.
            opener = None
        if opener is not None:
            found.append(opener)
        i += 1
    return found
