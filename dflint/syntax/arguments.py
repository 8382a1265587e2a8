"""Instruction argument parsers: BuildKit's `line_parsers.go`, with word offsets.

Each parser takes the argument text (`rest`, flags already removed) and returns
an `Args`: the node values BuildKit's parser produces, the character range of
each value inside `rest` (None where a value is synthesised), and whether the
JSON (exec) form or the legacy `ENV k v` form was used.
"""

from __future__ import annotations

import json
import re

from ..records import Record
from .lines import BYTE_SPACE as _BYTE_SPACE
from .lines import GO_SPACE, go_trim_left

# BuildKit's reWhitespace: note that it is narrower than Go's unicode.IsSpace.
_RE_WHITESPACE = re.compile(r"[\t\v\f\r ]+")
_RE_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_BLANK = re.compile("[^" + re.escape("".join(sorted(GO_SPACE))) + "]+")

NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only"


class ArgumentError(ValueError):
    """BuildKit's parser refuses the arguments (the whole file, in BuildKit's case)."""


class Args(Record):
    values: list[str]
    ranges: list[tuple[int, int] | None]
    json_form: bool
    legacy_form: bool
    child_rest: str | None  # ONBUILD: the nested instruction's text

    __slots__ = ("values", "ranges", "json_form", "legacy_form", "child_rest")

    def __init__(
        self,
        values: list[str] | None = None,
        ranges: list[tuple[int, int] | None] | None = None,
        json_form: bool = False,
        legacy_form: bool = False,
        child_rest: str | None = None,
    ) -> None:
        self.values = [] if values is None else values
        self.ranges = [] if ranges is None else ranges
        self.json_form = json_form
        self.legacy_form = legacy_form
        self.child_rest = child_rest

    def add(self, value: str, start: int | None = None, end: int | None = None) -> None:
        self.values.append(value)
        self.ranges.append(None if start is None else (start, end))


def parse_words(rest: str, escape: str) -> list[tuple[str, int, int]]:
    """BuildKit's parseWords: split on blanks, keep quotes and escapes in the words."""
    if "'" not in rest and '"' not in rest and escape not in rest:  # words are the runs of non-blanks
        return [(m.group(), m.start(), m.end()) for m in _NON_BLANK.finditer(rest)]
    words: list[tuple[str, int, int]] = []
    IN_SPACES, IN_WORD, IN_QUOTE = 0, 1, 2
    phase = IN_SPACES
    word: list[str] = []
    start = 0
    quote = ""
    blank_ok = False
    n = len(rest)
    pos = 0
    while pos <= n:
        ch = rest[pos] if pos != n else ""
        if phase == IN_SPACES:
            if pos == n:
                break
            if ch in GO_SPACE:
                pos += 1
                continue
            phase = IN_WORD
            start = pos
        if pos == n:
            if blank_ok or word:
                words.append(("".join(word), start, pos))
            break
        if phase == IN_WORD:
            if ch in GO_SPACE:
                phase = IN_SPACES
                if blank_ok or word:
                    words.append(("".join(word), start, pos))
                word = []
                blank_ok = False
                pos += 1
                continue
            if ch == "'" or ch == '"':
                quote = ch
                blank_ok = True
                phase = IN_QUOTE
            if ch == escape:
                if pos + 1 == n:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
            pos += 1
            continue
        # IN_QUOTE
        if ch == quote:
            phase = IN_WORD
        if ch == escape and quote != "'":
            if pos + 1 == n:
                phase = IN_WORD
                pos += 1
                continue
            pos += 1
            word.append(ch)
            ch = rest[pos]
        word.append(ch)
        pos += 1
    return words


def _split_whitespace(rest: str) -> list[tuple[str, int, int]]:
    out = []
    pos = 0
    for m in _RE_WHITESPACE.finditer(rest):
        out.append((rest[pos : m.start()], pos, m.start()))
        pos = m.end()
    out.append((rest[pos:], pos, len(rest)))
    return out


def _reject_constant(name: str):
    raise ValueError(name)


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def parse_json(rest: str) -> Args | None:
    """The exec form: a JSON array of strings, as Go's json.Decoder reads it.

    Returns None when `rest` is not a JSON array (BuildKit then falls back to the
    shell form); raises ArgumentError for arrays that hold anything but strings.
    Like Go's decoder, anything after the array is ignored.
    """
    stripped = go_trim_left(rest)
    if not stripped.startswith("["):
        return None
    offset = len(rest) - len(stripped)
    try:
        value, end = _DECODER.raw_decode(stripped)
    except ValueError:
        return None
    if not isinstance(value, list):
        return None
    if not all(isinstance(v, str) for v in value):
        raise ArgumentError(NOT_STRING_ARRAY)
    # Go's decoder turns lone surrogates (escaped, or invalid UTF-8 bytes) into U+FFFD.
    value = [_SURROGATE.sub("\ufffd", v) for v in value]
    args = Args(json_form=True)
    literals = list(_RE_JSON_STRING.finditer(stripped, 0, end))
    if len(literals) == len(value):
        for v, m in zip(value, literals):
            args.add(v, offset + m.start(), offset + m.end())
    else:
        for v in value:
            args.add(v)
    return args


def parse_maybe_json(rest: str, escape: str) -> Args:
    if rest == "":
        return Args()
    args = parse_json(rest)
    if args is not None:
        return args
    args = Args()
    args.add(rest, 0, len(rest))
    return args


def parse_maybe_json_to_list(rest: str, escape: str) -> Args:
    args = parse_json(rest)
    if args is not None:
        return args
    return parse_strings_whitespace_delimited(rest, escape)


def parse_strings_whitespace_delimited(rest: str, escape: str) -> Args:
    args = Args()
    if rest == "":
        return args
    for text, start, end in _split_whitespace(rest):
        args.add(text, start, end)
    return args


def parse_string(rest: str, escape: str) -> Args:
    args = Args()
    if rest:
        args.add(rest, 0, len(rest))
    return args


def parse_name_or_name_val(rest: str, escape: str) -> Args:
    args = Args()
    for text, start, end in parse_words(rest, escape):
        args.add(text, start, end)
    return args


def _parse_name_val(rest: str, escape: str, key: str) -> Args:
    words = parse_words(rest, escape)
    args = Args()
    if not words:
        return args
    if "=" not in words[0][0]:
        m = _RE_WHITESPACE.search(rest)
        if m is None:
            raise ArgumentError(f"{key} must have two arguments")
        args.legacy_form = True
        args.add(rest[: m.start()], 0, m.start())
        args.add(rest[m.end() :], m.end(), len(rest))
        return args
    for text, start, end in words:
        if "=" not in text:
            from .shell_words import go_quote

            raise ArgumentError(f"Syntax error - can't find = in {go_quote(text)}. Must be of the form: name=value")
        eq = text.index("=")
        args.add(text[:eq], start, start + eq)
        args.add(text[eq + 1 :], start + eq + 1, end)
    return args


def parse_env(rest: str, escape: str) -> Args:
    return _parse_name_val(rest, escape, "ENV")


def parse_label(rest: str, escape: str) -> Args:
    return _parse_name_val(rest, escape, "LABEL")


def parse_health_config(rest: str, escape: str) -> Args:
    # BuildKit tests single bytes with unicode.IsSpace here, so only ASCII blanks
    # (and the bytes 0x85/0xA0, which in UTF-8 only occur inside characters) split.
    data = rest if rest.isascii() else rest.encode("utf-8", "surrogateescape").decode("latin-1")
    sep = 0
    n = len(data)
    while sep < n and data[sep] not in _BYTE_SPACE:
        sep += 1
    nxt = sep
    while nxt < n and data[nxt] in _BYTE_SPACE:
        nxt += 1
    if data is not rest:
        raw = rest.encode("utf-8", "surrogateescape")
        sep = len(raw[:sep].decode("utf-8", "surrogateescape"))
        nxt = len(raw[:nxt].decode("utf-8", "surrogateescape"))
    args = Args()
    if sep == 0:
        return args
    args.add(rest[:sep], 0, sep)
    cmd = parse_maybe_json(rest[nxt:], escape)
    for value, rng in zip(cmd.values, cmd.ranges):
        args.values.append(value)
        args.ranges.append(None if rng is None else (rng[0] + nxt, rng[1] + nxt))
    args.json_form = cmd.json_form
    return args


def parse_sub_command(rest: str, escape: str) -> Args:
    args = Args()
    if rest:
        args.child_rest = rest
    return args


def parse_ignore(rest: str, escape: str) -> Args:
    args = Args()
    args.add("")
    return args


DISPATCH = {
    "ADD": parse_maybe_json_to_list,
    "ARG": parse_name_or_name_val,
    "CMD": parse_maybe_json,
    "COPY": parse_maybe_json_to_list,
    "ENTRYPOINT": parse_maybe_json,
    "ENV": parse_env,
    "EXPOSE": parse_strings_whitespace_delimited,
    "FROM": parse_strings_whitespace_delimited,
    "HEALTHCHECK": parse_health_config,
    "LABEL": parse_label,
    "MAINTAINER": parse_string,
    "ONBUILD": parse_sub_command,
    "RUN": parse_maybe_json,
    "SHELL": parse_maybe_json,
    "STOPSIGNAL": parse_string,
    "USER": parse_string,
    "VOLUME": parse_maybe_json_to_list,
    "WORKDIR": parse_string,
}
