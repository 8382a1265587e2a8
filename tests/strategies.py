"""Hypothesis strategies for Dockerfile text that is dense in parser edge cases.

Why: BuildKit's parser has many corners (flag extraction, JSON detection, ENV/LABEL
forms, heredoc openers and terminators, continuation lines, directives, line
endings). The differential test feeds these texts to dflint and to BuildKit's own
parser and demands the same answer, so the strategies aim at those corners rather
than at realistic files (bench/corpus.py covers those).

Strategies are built once at import time: building them inside composites costs
more than drawing from them. Text never contains lone surrogates (they crash the
oracle binding) or NUL (the binding's C string ends there).
"""

from __future__ import annotations

import functools
import itertools
import json

from hypothesis import strategies as st

KNOWN_KEYWORDS = [
    "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
    "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
]
UNKNOWN_KEYWORDS = ["FOO", "RUNN", "EOF", "set", "--x", "[", "Étape", "CMD]", "x=y", "\\", "`", "ß"]
CASES = ["upper", "upper", "upper", "lower", "title", "swap"]

# Characters special somewhere in BuildKit's parser, plus those Python treats as
# line breaks or white space but Go does not (\x0b \x0c \x1c \x85 \u2028 \xa0).
WORD_ALPHABET = "abcxyzABC019" + "\"'\\`$={}[],.:/-_@&|;<>#*?! \t" + "é日🐳\xa0\x85\u2028\x0b\x0c\x1c\r"

SHELL_TOKENS = [
    "echo", "hello", '"a b"', "'c d'", "$HOME", "${X:-y}", '\\"', "&&", "|", ">", "#", "# not a comment",
    "\\", "`", "=", "a=b", "--x", "-", "[", "]", '["a"]', "a\\ b", "'", '"', "\t", "x\u00a0y", "é", "<", "<<<",
    "\\\\", "$(id -u)", "--", "{", "}", "\x85", "a\u2028b", "\x0b",
]
FLAG_NAMES = ["mount", "from", "chown", "chmod", "link", "platform", "network", "checksum", "interval", "x", "a-b", "", "-x", "=", "é"]
FLAG_VALUES = [
    "type=cache,target=/x", "builder", "a b", '"a b"', "'a b'", '"a\\"b"', "'a\\'b'", "a\\ b", "a=b=c", "", '""', "''",
    "é", "$X", "a\\", '"unterminated', "'unterminated", "x\ty", "\\", "=", '"a"b\'c\'',
]
NON_STRING_JSON = ["[1]", '["a", null]', '[["a"]]', "[true]", '[{"a": "b"}]', '["a", 2.5]', '[false, "x"]']
BROKEN_JSON = ['["a",]', "['a']", "[", '["a" "b"]', '["a"', "[TRUE]", '["\\x"]', "[ , ]", '{"a": "b"}', '["a\tb"]', "[]x"]
RAW_JSON_STRINGS = ['"\\ud800"', '"\\u00e9"', '"\\n"', '"\\/"', '"a\\u0062"', '"\\uD83D\\uDC33"']
JSON_TRAILERS = ["", "", "", "", " trailing", "]", ' ["b"]', " # c", "x"]
ENV_KEYS = ["A", "PATH", "my_var", '"quoted key"', "'k'", "", "a.b-c", "é", "K\\ 1", "$X"]
ENV_VALUES = ["1", "a b", '"a b"', "'a b'", '"a\\"b"', "a\\ b", "", "$PATH:/x", "${X:-y}", "=", "a=b", "é日", '""', "\\", "`"]
BROKEN_KEY_VALUES = ["", "k", '""', "k=v k", "=", " k", "k=v bare", 'a=1 "q"', "k\t"]
ARG_WORDS = ["A", "B=1", 'C="x y"', "D=", "TARGETARCH", "=x", "'q'", "a\\ b", "é=1"]
FROM_ARGS = ["alpine", "alpine AS b", "--platform=$BUILDPLATFORM golang:1.22 as build", "a b c d", "", "scratch"]
HEALTH_STARTS = ["NONE", "none", "CMD", "cmd", "CMD ", "CMD\t", "x", "", "CMD  ", "CMDé"]
ONBUILD_TARGETS = ["RUN", "COPY", "ENV", "CMD", "ONBUILD", "HEALTHCHECK", "FOO", "ADD", "ARG", "run"]
HEREDOC_NAMES = ["EOF", "EOT", "END", "A", "x_1", "a.txt", "FILE-1", "ÉOF", "E$F"]
HEREDOC_EXTRAS = ["cat", "> /f", "python3", "bash -s", "/dest/", "&&", "<&3", "x", "--x"]
CONTINUATION_INSERTS = ["# comment", "  # indented comment", "", "   ", "\t", "#", "#\\"]
VALID_DIRECTIVES = ["# syntax=docker/dockerfile:1", "#syntax=docker/dockerfile:1.7-labs", "# SYNTAX = x", "# escape=`", "# escape=\\", "# Escape = `", "  # escape=`", "# escape=`  "]
ODD_DIRECTIVES = [
    "#escape=x", "# escape= ", "# escape=``", "# check=skip=all", "# check=error=true", "# foo=bar", "# just a comment",
    "", "#!/usr/bin/env dockerfile", "// syntax=x",
]
COMMENT_LINES = ["# comment", "#", "  # x", "#\\", "# escape=x", "#!"]
BLANK_LINES = ["", " ", "\t", "\x0c", "\x0b"]


def _case(word: str, how: str) -> str:
    return {"lower": word.lower(), "title": word.title(), "swap": word.swapcase()}.get(how, word)


def keyword_from(words: list[str]) -> st.SearchStrategy[str]:
    """A keyword from `words` in any letter case."""
    return st.builds(_case, st.sampled_from(words), st.sampled_from(CASES))


any_keyword = keyword_from(KNOWN_KEYWORDS * 3 + UNKNOWN_KEYWORDS)
free_text = st.text(alphabet=WORD_ALPHABET, max_size=6)
blank = st.sampled_from([" ", " ", " ", "  ", "\t", " \t "])


def _spaced(parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    """Join drawn parts with drawn blanks (several kinds of white space between words)."""
    return st.builds(lambda ps, gaps: "".join(p + gaps[i % len(gaps)] for i, p in enumerate(ps)).rstrip(" "), parts, st.lists(blank, min_size=1, max_size=3))


shell_text = _spaced(st.lists(st.one_of(st.sampled_from(SHELL_TOKENS), st.sampled_from(SHELL_TOKENS), free_text), max_size=5))

# -- flags ---------------------------------------------------------------------------------

flag_name = st.one_of(st.sampled_from(FLAG_NAMES), free_text)
flag_value = st.one_of(st.sampled_from(FLAG_VALUES), free_text)
flag = st.one_of(
    st.just("--"),
    flag_name.map(lambda n: "--" + n),
    st.builds(lambda n, v: f"--{n}={v}", flag_name, flag_value),
    st.builds(lambda n, v: f"--{n}={v}", flag_name, flag_value),
)
flags = st.lists(st.tuples(flag, blank), max_size=3).map(lambda fs: "".join(f + b for f, b in fs))

# -- argument forms --------------------------------------------------------------------------

json_string = st.one_of(
    st.builds(lambda s, ascii_only: json.dumps(s, ensure_ascii=ascii_only), st.text(alphabet="abcXYZ01\"\\/ \t\n'é日🐳\u2028$", max_size=8), st.booleans()),
    st.sampled_from(RAW_JSON_STRINGS),
)
valid_json = st.builds(
    lambda open_, items, sep, close: open_ + sep.join(items) + close,
    st.sampled_from(["[", "[ ", "[\t"]), st.lists(json_string, max_size=4), st.sampled_from([", ", ",", " , ", ",\t"]), st.sampled_from(["]", " ]"]),
)
json_form = st.builds(
    lambda body, trailer: body + trailer,
    st.one_of(valid_json, valid_json, st.sampled_from(NON_STRING_JSON), st.sampled_from(BROKEN_JSON)),
    st.sampled_from(JSON_TRAILERS),
)
maybe_json = st.one_of(json_form, shell_text)

env_key = st.one_of(st.sampled_from(ENV_KEYS), free_text)
env_value = st.one_of(st.sampled_from(ENV_VALUES), free_text)
key_values = st.one_of(
    _spaced(st.lists(st.builds(lambda k, v: f"{k}={v}", env_key, env_value), min_size=1, max_size=4)),
    _spaced(st.lists(st.builds(lambda k, v: f"{k}={v}", env_key, env_value), min_size=1, max_size=4)),
    st.builds(lambda k, b, rest: k + b + rest, env_key, blank, shell_text),
    st.sampled_from(BROKEN_KEY_VALUES),
)
arg_list = _spaced(st.lists(st.one_of(st.sampled_from(ARG_WORDS), free_text), max_size=4))
healthcheck_args = st.builds(
    lambda fl, start, b, cmd: fl + (start.rstrip() + b + cmd if start.upper().startswith("CMD") and cmd else start),
    flags, st.sampled_from(HEALTH_STARTS), blank, st.one_of(st.just(""), maybe_json),
)


@functools.cache
def _arguments_for(keyword: str) -> st.SearchStrategy[str]:
    upper = keyword.upper()
    if upper in ("ENV", "LABEL"):
        return key_values
    if upper == "ARG":
        return arg_list
    if upper == "HEALTHCHECK":
        return healthcheck_args
    if upper in ("RUN", "CMD", "ENTRYPOINT", "SHELL", "ADD", "COPY", "VOLUME"):
        return maybe_json
    if upper == "FROM":
        return st.sampled_from(FROM_ARGS)
    if upper == "ONBUILD":
        return st.one_of(st.just(""), keyword_from(ONBUILD_TARGETS).flatmap(_instruction_for))
    return shell_text


@functools.cache
def _instruction_for(keyword: str) -> st.SearchStrategy[str]:
    return st.builds(
        lambda gap, fl, rest, trailing_gap: keyword + (gap if fl or rest or trailing_gap else "") + fl + rest,
        blank, flags, _arguments_for(keyword), st.booleans(),
    )


plain_instruction = any_keyword.flatmap(_instruction_for)

# -- heredocs ------------------------------------------------------------------------------------


@st.composite
def heredoc_opener(draw) -> tuple[str, str, bool]:
    """(opener word, terminator name, strips tabs)."""
    name = draw(st.sampled_from(HEREDOC_NAMES))
    chomp = draw(st.booleans())
    fd = draw(st.sampled_from(["", "", "", "3", "0", "12"]))
    quoting = draw(st.integers(0, 5))
    word = {1: f"'{name}'", 2: f'"{name}"', 3: f'{name[0]}"{name[1:]}"', 4: "\\" + name}.get(quoting, name)
    gap = " " if draw(st.integers(0, 40)) == 0 else ""  # `<< EOF`: a heredoc only since frontend 1.16
    return f"{fd}<<{'-' if chomp else ''}{gap}{word}", name, chomp


@st.composite
def heredoc_instruction(draw) -> tuple[str, list[str]]:
    """(first logical line, the physical lines after it: bodies and terminators)."""
    prefix = draw(keyword_from(["ONBUILD"])) + " " if draw(st.integers(0, 5)) == 0 else ""
    openers = draw(st.lists(heredoc_opener(), min_size=1, max_size=3))
    words = [o[0] for o in openers]
    for extra in draw(st.lists(st.sampled_from(HEREDOC_EXTRAS), max_size=3)):
        words.insert(draw(st.integers(0, len(words))), extra)  # bodies still follow in opener order
    first = prefix + draw(keyword_from(["RUN", "COPY", "ADD"])) + " " + draw(flags) + " ".join(words)
    follow: list[str] = []
    for _, name, chomp in openers:
        near_misses = [name + " ", " " + name, name + "X", "\t" + name, name.lower(), name + name, ""]
        body = draw(st.lists(st.one_of(st.sampled_from(near_misses), free_text), max_size=4))
        follow += ["\t" + ln for ln in body] if chomp and draw(st.booleans()) else body
        end = draw(st.integers(0, 39))
        if end == 0:
            break  # unterminated: BuildKit gives up on the file
        if end == 1:
            # a trailing blank makes it no terminator; a trailing CR still is one (BuildKit trims CR LF)
            follow += [name + draw(st.sampled_from([" ", "\t", "\r"])), name]
        else:
            follow.append("\t\t" + name if chomp and end < 8 else name)
    return first, follow


# -- layout: continuations, comments, directives, line endings ------------------------------------


@st.composite
def continued(draw, logical: str, escape: str) -> list[str]:
    """Split a logical line at blanks into physical lines joined by the escape token."""
    cut_points = [i for i, ch in enumerate(logical) if ch in " \t" and i > 0]
    cuts = sorted(draw(st.lists(st.sampled_from(cut_points), max_size=3, unique=True))) if cut_points else []
    bounds = [0, *cuts, len(logical)]
    pieces = [logical[a:b] for a, b in itertools.pairwise(bounds)]
    lines: list[str] = []
    for piece in pieces[:-1]:
        token = escape if draw(st.integers(0, 9)) else draw(st.sampled_from(["\\", "`"]))
        lines.append(piece + token + draw(st.sampled_from(["", "", "", " ", "\t", "  "])))
        lines += draw(st.lists(st.sampled_from(CONTINUATION_INSERTS), max_size=2))
    lines.append(pieces[-1])
    return lines


@st.composite
def directive_header(draw) -> tuple[list[str], str]:
    """(header lines, escape token the body is written with); most files have none or valid ones."""
    kind = draw(st.integers(0, 9))
    if kind < 5:
        lines = []
    elif kind < 8:
        lines = draw(st.lists(st.sampled_from(VALID_DIRECTIVES), max_size=2, unique=True))
    else:
        lines = draw(st.lists(st.sampled_from(VALID_DIRECTIVES + ODD_DIRECTIVES), max_size=4))
    escape = "`" if any(ln.strip().lower().replace(" ", "") == "#escape=`" for ln in lines) else "\\"
    return lines, escape


@st.composite
def item(draw, escape: str) -> list[str]:
    """One top-level piece of a Dockerfile, as physical lines."""
    kind = draw(st.integers(0, 199))
    if kind == 0:  # around BuildKit's 65535-byte line limit; short words keep the oracle fast
        size = draw(st.integers(65525, 65540))
        return [("RUN " + "ab " * (size // 3))[:size]]
    if kind < 45:
        first, follow = draw(heredoc_instruction())
        return draw(continued(first, escape)) + follow
    if kind < 55:
        return [draw(st.sampled_from(COMMENT_LINES))]
    if kind < 62:
        return [draw(st.sampled_from(BLANK_LINES))]
    indent = draw(st.sampled_from(["", "", "", " ", "\t"]))
    return draw(continued(indent + draw(plain_instruction), escape))


@st.composite
def dockerfiles(draw) -> str:
    """A whole Dockerfile: optional BOM and directives, items, and the chosen line endings."""
    header, escape = draw(directive_header())
    lines = list(header)
    for piece in draw(st.lists(item(escape), min_size=draw(st.sampled_from([0, 1, 1, 1, 2])), max_size=6)):
        lines += piece
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "mixed"]))
    if newline == "mixed":
        text = "".join(ln + draw(st.sampled_from(["\n", "\r\n"])) for ln in lines)
    else:
        text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    if draw(st.integers(0, 19)) == 0:
        text = "\ufeff" + text
    return text
