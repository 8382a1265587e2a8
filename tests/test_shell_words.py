"""Tests for the port of BuildKit's shell word lexer (frontend/dockerfile/shell/lex.go).

The first tables are BuildKit's own test data (envVarTest, wordsTest, the tables of
lex_test.go), ported from memory in their original format. Expected values are always
BuildKit's; where they differ from POSIX sh a comment says so.
"""

from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from dflint.syntax.shell_words import (
    Lexer,
    ShellWordError,
    VariableReference,
    expand,
    find_variable_references,
    split_words,
)

# ---------------------------------------------------------------------------
# envVarTest (lex_test.go TestShellParser4EnvVars): "platform|source|expected".
# W (Windows-only) lines are left out: their case-insensitive lookup belongs to
# BuildKit's Windows EnvGetter, not to the lexer.
ENV_VAR_TEST = r"""
A|hello                    |     hello
A|he'll'o                  |     hello
A|he'llo                   |     error
A|he\'llo                  |     he'llo
A|he\\'llo                 |     error
A|abc\tdef                 |     abctdef
A|"abc\tdef"               |     abc\tdef
A|"abc\\tdef"              |     abc\tdef
A|'abc\tdef'               |     abc\tdef
A|hello\                   |     hello
A|hello\\                  |     hello\
A|"hello                   |     error
A|"hello\"                 |     error
A|"hel'lo"                 |     hel'lo
A|'hello                   |     error
A|'hello\'                 |     hello\
A|'hello\there'            |     hello\there
A|'hello\\there'           |     hello\\there
A|"''"                     |     ''
A|$.                       |     $.
A|he$1x                    |     hex
A|he$.x                    |     he$.x
U|he$pwd.                  |     he.
A|he$PWD                   |     he/home
A|he\$PWD                  |     he$PWD
A|he\\$PWD                 |     he\/home
A|"he\$PWD"                |     he$PWD
A|"he\\$PWD"               |     he\/home
A|\${}                     |     ${}
A|\${}aaa                  |     ${}aaa
A|he\${}                   |     he${}
A|he\${}xx                 |     he${}xx
A|${}                      |     error
A|${}aaa                   |     error
A|he${}                    |     error
A|he${}xx                  |     error
A|he${hi}                  |     he
A|he${hi}xx                |     hexx
A|he${PWD}                 |     he/home
A|he${.}                   |     error
A|he${XXX:-000}xx          |     he000xx
A|he${PWD:-000}xx          |     he/homexx
A|he${XXX:-$PWD}xx         |     he/homexx
A|he${XXX:-${PWD:-yyy}}xx  |     he/homexx
A|he${XXX:-${YYY:-yyy}}xx  |     heyyyxx
A|he${XXX:YYY}             |     error
A|he${XXX?}                |     error
A|he${XXX:?}               |     error
A|he${PWD?}                |     he/home
A|he${PWD:?}               |     he/home
A|he${NULL?}               |     he
A|he${NULL:?}              |     error
A|he${XXX:+${PWD}}xx       |     hexx
A|he${PWD:+${XXX}}xx       |     hexx
A|he${PWD:+${SHELL}}xx     |     hebashxx
A|he${XXX:+000}xx          |     hexx
A|he${PWD:+000}xx          |     he000xx
A|'he${XX}'                |     he${XX}
A|"he${PWD}"               |     he/home
A|"he'$PWD'"               |     he'/home'
A|"$PWD"                   |     /home
A|'$PWD'                   |     $PWD
A|'\$PWD'                  |     \$PWD
A|'"hello"'                |     "hello"
A|he\$PWD                  |     he$PWD
A|"he\$PWD"                |     he$PWD
A|'he\$PWD'                |     he\$PWD
A|he${PWD                  |     error
A|he${PWD:=000}xx          |     error
A|he${PWD:+${PWD}:}xx      |     he/home:xx
A|he${XXX:-\$PWD:}xx       |     he$PWD:xx
A|he${XXX:-\${PWD}z}xx     |     he${PWDz}xx
A|안녕하세요                 |     안녕하세요
A|안'녕'하세요                |     안녕하세요
A|안'녕하세요                 |     error
A|안녕\'하세요                |     안녕'하세요
A|안\\'녕하세요               |     error
A|안녕\t하세요                |     안녕t하세요
A|"안녕\t하세요"              |     안녕\t하세요
A|'안녕\t하세요               |     error
A|안녕하세요\                 |     안녕하세요
A|안녕하세요\\                |     안녕하세요\
A|"안녕하세요                 |     error
A|"안녕하세요\"               |     error
A|"안녕'하세요"               |     안녕'하세요
A|'안녕하세요'                |     안녕하세요
A|'안녕하세요\'               |     안녕하세요\
A|'안녕하세요\\'              |     안녕하세요\\
A|안녕$1x                    |     안녕x
A|안녕$.x                    |     안녕$.x
A|안녕$pwd.                  |     안녕.
A|안녕$PWD                   |     안녕/home
A|안녕\$PWD                  |     안녕$PWD
A|안녕\\$PWD                 |     안녕\/home
A|안녕\${}                   |     안녕${}
A|안녕\${}xx                 |     안녕${}xx
A|안녕${}                    |     error
A|안녕${}xx                  |     error
A|안녕${hi}                  |     안녕
A|안녕${hi}xx                |     안녕xx
A|안녕${PWD}                 |     안녕/home
A|안녕${.}                   |     error
A|안녕${XXX:-000}xx          |     안녕000xx
A|안녕${PWD:-000}xx          |     안녕/homexx
A|안녕${XXX:-$PWD}xx         |     안녕/homexx
A|안녕${XXX:-${PWD:-yyy}}xx  |     안녕/homexx
A|안녕${XXX:-${YYY:-yyy}}xx  |     안녕yyyxx
A|안녕${XXX:YYY}             |     error
A|안녕${XXX:+${PWD}}xx       |     안녕xx
A|안녕${PWD:+${XXX}}xx       |     안녕xx
A|안녕${PWD:+${SHELL}}xx     |     안녕bashxx
A|안녕${XXX:+000}xx          |     안녕xx
A|안녕${PWD:+000}xx          |     안녕000xx
A|'안녕${XX}'                |     안녕${XX}
A|"안녕${PWD}"               |     안녕/home
A|"안녕'$PWD'"               |     안녕'/home'
A|'"안녕"'                   |     "안녕"
A|안녕\$PWD                  |     안녕$PWD
A|"안녕\$PWD"                |     안녕$PWD
A|'안녕\$PWD'                |     안녕\$PWD
A|안녕${PWD                  |     error
A|안녕${PWD:=000}xx          |     error
A|안녕${PWD:+${PWD}:}xx      |     안녕/home:xx
A|안녕${XXX:-\$PWD:}xx       |     안녕$PWD:xx
A|안녕${XXX:-\${PWD}z}xx     |     안녕${PWDz}xx
A|$KOREAN                    |     한국어
A|안녕$KOREAN                |     안녕한국어
A|${{aaa}                   |     error
A|${aaa}}                   |     }
A|${aaa}}}                  |     }}
A|${aaa:-bbb}}              |     bbb}
A|${aaa:-bbb}}}             |     bbb}}
A|${aaa:-bbb}zzz}           |     bbbzzz}
A|${aaa:-${bbb:-ccc}}       |     ccc
A|${aaa:-${bbb:-ccc}}}      |     ccc}
A|${aaa:-${bbb:-ccc}zzz}    |     ccczzz
A|${aaa:-${bbb:-ccc}zzz}}   |     ccczzz}
A|${aaa:-${bbb:-ccc}zzz}}}  |     ccczzz}}
A|${aaa:-${bbb:-ccc}}zzz}   |     ccczzz}
A|${aaa:-${bbb:-ccc}}zzz}}  |     ccczzz}}
A|${aaa:-${bbb:-ccc}}zzz}}} |     ccczzz}}}
A|he${XXX-000}xx            |     he000xx
A|he${NULL-000}xx           |     hexx
A|he${NULL:-000}xx          |     he000xx
A|he${XXX+000}xx            |     hexx
A|he${NULL+000}xx           |     he000xx
A|he${NULL:+000}xx          |     hexx
"""

ENV_VAR_ENV = {"PWD": "/home", "SHELL": "bash", "KOREAN": "한국어", "NULL": ""}


def _env_var_cases():
    for line in ENV_VAR_TEST.strip().splitlines():
        platform, source, expected = (part.strip() for part in line.split("|"))
        assert platform in ("A", "U"), line
        yield pytest.param(source, expected, id=source)


@pytest.mark.parametrize("source, expected", list(_env_var_cases()))
def test_buildkit_env_var_table(source, expected):
    if expected == "error":
        with pytest.raises(ShellWordError):
            expand(source, ENV_VAR_ENV)
    else:
        assert expand(source, ENV_VAR_ENV) == expected


# ---------------------------------------------------------------------------
# wordsTest (lex_test.go TestShellParser4Words): "source|word,word"; "ENV k=v"
# lines add to the environment of the lines that follow.
WORDS_TEST = r"""
hello | hello
hello${hi}bye | hellobye
ENV hi=hi
hello${hi}bye | hellohibye
ENV space=abc  def
hello${space}bye | helloabc,defbye
hello"${space}"bye | helloabc  defbye
hello "${space}"bye | hello,abc  defbye
ENV leading=  ab c
hello${leading}def | hello,ab,cdef
hello"${leading}" def | hello  ab c,def
hello"${leading}" | hello  ab c
hello${leading} | hello,ab,c
ENV trailing=ab c   
hello${trailing} | helloab,c
hello${trailing}d | helloab,c,d
hello"${trailing}"d | helloab c   d
hel"lo${trailing}" | helloab c   
hello" there  " | hello there  
hello there     | hello,there
hello\ there | hello there
hello" there | error
hello\" there | hello",there
hello"\\there" | hello\there
hello"\there" | hello\there
hello'\\there' | hello\\there
hello'\there' | hello\there
hello'$there' | hello$there
"""


def _words_cases():
    env: dict[str, str] = {}
    for line in WORDS_TEST.strip("\n").splitlines():
        if line.startswith("ENV "):
            key, _, value = line[4:].lstrip(" ").partition("=")
            env[key] = value
            continue
        source, expected = line.split("|")
        yield pytest.param(source.strip(), expected.lstrip(" ").split(","), dict(env), id=source.strip())


@pytest.mark.parametrize("source, expected, env", list(_words_cases()))
def test_buildkit_words_table(source, expected, env):
    try:
        result = split_words(source, env)
    except ShellWordError:
        result = ["error"]
    assert result == expected


# ---------------------------------------------------------------------------
# TestShellParserMandatoryEnvVars


@pytest.mark.parametrize(
    "word, env, expected",
    [
        ("${VAR:?message here$ARG}", {"VAR": "plain", "ARG": "x"}, "plain"),
        ("${VAR:?message here$ARG}", {"VAR": "", "ARG": "x"}, ShellWordError("VAR: message herex")),
        ("${VAR:?message here$ARG}", {"ARG": "x"}, ShellWordError("VAR: message herex")),
        ("${VAR?message here$ARG}", {"VAR": "plain", "ARG": "x"}, "plain"),
        ("${VAR?message here$ARG}", {"VAR": "", "ARG": "x"}, ""),
        ("${VAR?message here$ARG}", {"ARG": "x"}, ShellWordError("VAR: message herex")),
    ],
)
def test_mandatory_env_vars(word, env, expected):
    if isinstance(expected, ShellWordError):
        with pytest.raises(ShellWordError) as info:
            expand(word, env)
        assert info.value.reason == str(expected)
    else:
        assert expand(word, env) == expected


# ---------------------------------------------------------------------------
# TestProcessWithMatches: the result plus the names found (matched) and missing (unmatched).
FOO_BAR = {"FOO": "xxx", "BAR": ""}


@pytest.mark.parametrize(
    "word, env, expected, matched, unmatched",
    [
        ("x", {"DUMMY": "dummy"}, "x", set(), set()),
        ("x ${UNUSED}", {"DUMMY": "dummy"}, "x ", set(), {"UNUSED"}),
        ("x ${FOO}", {"FOO": "y"}, "x y", {"FOO"}, set()),
        ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", FOO_BAR, "xxx  ccc", {"FOO", "BAR"}, {"BAZ"}),
        ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", FOO_BAR, "xxx bbb ccc", {"FOO", "BAR"}, {"BAZ"}),
        ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", FOO_BAR, "aaa bbb ", {"FOO", "BAR"}, {"BAZ"}),
        ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", FOO_BAR, "aaa  ", {"FOO", "BAR"}, {"BAZ"}),
        ("${FOO?aaa} ${BAR?bbb}", FOO_BAR, "xxx ", {"FOO", "BAR"}, set()),
        ("${FOO:?aaa}", FOO_BAR, "xxx", {"FOO"}, set()),
        # Names inside a default word are looked up too, even when the default is not used.
        ("${FOO:-$BAZ}", FOO_BAR, "xxx", {"FOO"}, {"BAZ"}),
        ("${FOO#x}", FOO_BAR, "xx", {"FOO"}, set()),
        ("${BAZ%x}", FOO_BAR, "", set(), {"BAZ"}),
        ("${FOO/x/y}", FOO_BAR, "yxx", {"FOO"}, set()),
        ("${FOO//x/y}", FOO_BAR, "yyy", {"FOO"}, set()),
        ("'$FOO' \\$BAR", FOO_BAR, "$FOO $BAR", set(), set()),
    ],
)
def test_process_with_matches(word, env, expected, matched, unmatched):
    result = Lexer().process_word_with_matches(word, env)
    assert result.result == expected
    assert result.matched == matched
    assert result.unmatched == unmatched
    assert result.words == split_words(word, env)


@pytest.mark.parametrize(
    "word, env, reason",
    [
        ("${FOO?aaa}", {}, "FOO: aaa"),
        ("${FOO?}", {}, "FOO: is not allowed to be unset"),
        ("${FOO:?}", {}, "FOO: is not allowed to be unset"),
        ("${BAR:?bbb}", {"BAR": ""}, "BAR: bbb"),
        ("${BAR:?}", {"BAR": ""}, "BAR: is not allowed to be empty"),
    ],
)
def test_process_with_matches_errors(word, env, reason):
    with pytest.raises(ShellWordError) as info:
        Lexer().process_word_with_matches(word, env)
    assert info.value.reason == reason


# ---------------------------------------------------------------------------
# Pattern operators (frontend 1.7): BuildKit converts the shell pattern to a regexp.
PATH_ENV = {"P": "/foo/bar/baz.tar.gz", "V": "0123456789", "S": "a*b?c\\d", "E": "", "K": "한국어한국어"}


@pytest.mark.parametrize(
    "word, expected",
    [
        ("${P#*/}", "foo/bar/baz.tar.gz"),
        ("${P##*/}", "baz.tar.gz"),
        ("${P%/*}", "/foo/bar"),
        ("${P%%/*}", ""),
        ("${P%.*}", "/foo/bar/baz.tar"),
        ("${P%%.*}", "/foo/bar/baz"),
        ("${P#/foo}", "/bar/baz.tar.gz"),
        ("${P#foo}", "/foo/bar/baz.tar.gz"),  # anchored at the start
        ("${P%gz}", "/foo/bar/baz.tar."),
        ("${P%tar}", "/foo/bar/baz.tar.gz"),  # anchored at the end
        ("${V#*1}", "23456789"),
        ("${V%8*}", "01234567"),
        ("${V#???}", "3456789"),
        ("${V%??}", "01234567"),
        ("${V#}", "0123456789"),
        ("${V%%}", "0123456789"),
        ("${V#*}", "0123456789"),  # shortest match of * is empty
        ("${V##*}", ""),
        ("${S#a\\*}", "b?c\\d"),  # \* is a literal star
        ("${S%\\\\d}", "a*b?c"),  # \\ is a literal backslash
        ("${S#*\\?}", "c\\d"),
        ("${UNSET#x}", ""),
        ("${E%x}", ""),
        ("${K#한국}", "어한국어"),
        ("${K%%국*}", "한"),
        ("${P/bar/qux}", "/foo/qux/baz.tar.gz"),
        ("${P//o/0}", "/f00/bar/baz.tar.gz"),
        ("${P/o*a/X}", "/fXr.gz"),  # * in / is greedy
        ("${P//\\//:}", ":foo:bar:baz.tar.gz"),  # \/ escapes the separator
        ("${P/zzz/y}", "/foo/bar/baz.tar.gz"),
        ("${P/a/}", "/foo/br/baz.tar.gz"),
        ("${P/a/b/c}", "/foo/bb/cr/baz.tar.gz"),  # only the first / separates
        ("${V/$E/x}", "x0123456789"),  # an empty pattern matches at the start
        ("${UNSET/a/b}", ""),
    ],
)
def test_pattern_operators(word, expected):
    assert expand(word, PATH_ENV) == expected


@pytest.mark.parametrize(
    "word, expected",
    [
        # BuildKit has no bracket expressions: [ is a literal (POSIX: a class).
        ("${B#[ab]}", "c"),
        ("${AC#[ab]}", "ac"),
        # `##` is recognised after the pattern is expanded, so a quoted '#' makes it greedy.
        ("${P#'#'*/}", "baz.tar.gz"),
        # Go's ReplaceAllString: the empty match right after a match is not replaced
        # (Python's re.sub would give "XX"), and `$0` in the replacement is the match.
        ("${V//*/X}", "X"),
        ("${V//1/'<$0>'}", "0<1>23456789"),
        ("${V//1/'$$'}", "0$23456789"),
        ("${V//1/'$1'}", "023456789"),
        ("${V/1/'$0'}", "0$023456789"),  # a single replacement is literal
        ("${V//1/'$-$'}", "0$-$23456789"),  # a malformed reference stays literal
        ("${V//1/'${0}${x'}", "01${x23456789"),
        # The pattern is read by a fresh text/scanner, which drops a leading byte-order mark.
        ("${V#\ufeff0}", "123456789"),
    ],
)
def test_pattern_operators_buildkit_quirks(word, expected):
    env = dict(PATH_ENV, B="[ab]c", AC="ac")
    assert expand(word, env) == expected


# ---------------------------------------------------------------------------
# Exact error texts.


@pytest.mark.parametrize(
    "word, reason",
    [
        ("'abc", "unexpected end of statement while looking for matching single-quote"),
        ('"abc', "unexpected end of statement while looking for matching double-quote"),
        ('"abc\\', "unexpected end of statement while looking for matching double-quote"),
        ("${", "syntax error: missing '}'"),
        ("${}", "syntax error: bad substitution"),
        ("${{a}}", "syntax error: bad substitution"),
        ("${:-a}", "syntax error: bad substitution"),
        ("${a", "missing ':' in substitution"),
        ("${a b}", "missing ':' in substitution"),
        ("${.}", "missing ':' in substitution"),
        ("${1a}", "missing ':' in substitution"),
        ("${a:", "syntax error: missing '}'"),
        ("${a:-b", "syntax error: missing '}'"),
        ("${a-", "syntax error: missing '}'"),
        ("${a:-'b}'", "syntax error: missing '}'"),  # any error at the end becomes this one
        ("${a:=b}", "unsupported modifier (:=) in substitution"),
        ("${a:}x}", "unsupported modifier (:}) in substitution"),
        ("${a:#b}", "unsupported modifier (:#) in substitution"),
        ("${a:%b}", "unsupported modifier (:%) in substitution"),
        ("${a/b}", "syntax error: missing '/' in ${}"),  # POSIX/bash allow ${a/b}
        ("${a/b/c", "syntax error: missing '}'"),
        ("${a#b", "syntax error: missing '}'"),
        ("${a#\\x}", "invalid pattern (\\x) in substitution: invalid escape '\\x'"),
        ("${a%x\\.}", "invalid pattern (\\.x) in substitution: invalid escape '\\.'"),  # reversed
        ("${a/\\d/x}", "invalid pattern (\\d) in substitution: invalid escape '\\d'"),
        ("${a?}", "a: is not allowed to be unset"),
        ("${a:-${b:?}}x", "b: is not allowed to be unset"),  # not at the end: kept as is
        ("${a:-${b:?}", "syntax error: missing '}'"),  # at the end: replaced
        ("${a:?custom $b text}", "a: custom  text"),
    ],
)
def test_error_messages(word, reason):
    with pytest.raises(ShellWordError) as info:
        expand(word, {})
    err = info.value
    assert err.reason == reason
    assert err.word == word
    assert isinstance(err, ValueError)


@pytest.mark.parametrize(
    "word, message",
    [
        ("${a", 'failed to process "${a": missing \':\' in substitution'),
        ('x"y', 'failed to process "x\\"y": unexpected end of statement while looking for matching double-quote'),
        ("\\'", None),
        ("'\ud800\U000e0001", 'failed to process "\'\\ufffd\\U000e0001": '
         "unexpected end of statement while looking for matching single-quote"),
        ("'\t\x01\u00a0é", 'failed to process "\'\\t\\x01\\u00a0é": '
         "unexpected end of statement while looking for matching single-quote"),
    ],
)
def test_error_wrapping_quotes_the_word_like_go(word, message):
    if message is None:
        assert expand(word, {}) == "'"
        return
    with pytest.raises(ShellWordError) as info:
        expand(word, {})
    assert str(info.value) == message


# ---------------------------------------------------------------------------
# Every operator with set / empty / unset.
OPERATOR_ENV = {"SET": "v", "EMPTY": ""}


@pytest.mark.parametrize(
    "op, set_result, empty_result, unset_result",
    [
        ("", "v", "", ""),
        (":-d", "v", "d", "d"),
        ("-d", "v", "", "d"),
        (":+d", "d", "", ""),
        ("+d", "d", "d", ""),
        (":?m", "v", "EMPTY: m", "UNSET: m"),
        ("?m", "v", "", "UNSET: m"),
        ("#v", "", "", ""),
        ("##v", "", "", ""),
        ("%x", "v", "", ""),
        ("%%v", "", "", ""),
        ("/v/w", "w", "", ""),
        ("//v/w", "w", "", ""),
    ],
)
def test_every_operator_with_set_empty_unset(op, set_result, empty_result, unset_result):
    for name, expected in (("SET", set_result), ("EMPTY", empty_result), ("UNSET", unset_result)):
        word = "${" + name + op + "}"
        if expected.endswith(": m"):
            with pytest.raises(ShellWordError) as info:
                expand(word, OPERATOR_ENV)
            assert info.value.reason == expected
        else:
            assert expand(word, OPERATOR_ENV) == expected, word


# ---------------------------------------------------------------------------
# Dollar corner cases.


@pytest.mark.parametrize(
    "word, expected",
    [
        ("$", "$"),
        ("a$", "a$"),
        ("$}", "$}"),
        ("$%", "$%"),
        ("$ x", "$ x"),
        ("$'x'", "$x"),
        ('$"x"', "$x"),
        ("$$", ""),  # special parameter `$`, unset (POSIX: the shell's pid)
        ("$@$*$#$?$-$!$0", ""),
        ("${#}", ""),
        ("$10", "ten"),  # BuildKit reads all digits as one name (POSIX: ${1}0)
        ("${10}", "ten"),
        ("$1x", "onex"),
        ("$A_1.b", "a.b"),
        ("$é", "accent"),  # unicode letters are name characters
        ("$A$A", "aa"),
        ("${A}${A}", "aa"),
        ("\ufeff$A", "a"),  # text/scanner drops a leading byte-order mark
        ("$A\ufeff", "a\ufeff"),
    ],
)
def test_dollar_corner_cases(word, expected):
    env = {"A": "a", "A_1": "a", "1": "one", "10": "ten", "é": "accent"}
    assert expand(word, env) == expected


# ---------------------------------------------------------------------------
# Quotes, escapes, splitting.


@pytest.mark.parametrize(
    "word, expected",
    [
        ('""', []),  # BuildKit drops empty words (POSIX: one empty field)
        ("''", []),
        ('a "" b', ["a", "b"]),
        ('a"" b', ["a", "b"]),
        ("", []),
        ("   ", []),
        ("\t a\n b \x0b", ["a", "b"]),
        ("a\u00a0b\u3000c", ["a", "b", "c"]),  # Go's unicode.IsSpace
        ("a\x1cb", ["a\x1cb"]),  # ... which, unlike str.isspace, excludes \x1c-\x1f
        ("${X:-a b}", ["a", "b"]),
        ('${X:-"a b"}', ["a", "b"]),  # the default word is split after expansion (POSIX keeps "a b")
        ('"${X:-a b}"', ["a b"]),
        ("$S", ["x", "y"]),
        ("a$S", ["a", "x", "y"]),
        ("a${T}b", ["ax", "yb"]),
        ('a"$S"', ["a x  y "]),
        ("\\ ", [" "]),
        ("a\\", ["a"]),
        ("\\\\", ["\\"]),
        ("'a  b'c", ["a  bc"]),
    ],
)
def test_split_words(word, expected):
    assert split_words(word, {"S": " x  y ", "T": "x y"}) == expected


@pytest.mark.parametrize(
    "word, expected",
    [
        ("a b", "a b"),
        ("  a  ", "  a  "),  # ProcessWord keeps all spaces
        ('"\\"\\$\\\\\\a"', '"$\\\\a'),
        ("\\a\\b", "ab"),
        ("\\", ""),
        ("\\'", "'"),
        ("'\\'", "\\"),
    ],
)
def test_process_word_escapes(word, expected):
    assert expand(word, {}) == expected


def test_backtick_escape_token():
    env = {"A": "a"}
    assert expand("`$A", env, escape="`") == "$A"
    assert expand("\\$A", env, escape="`") == "\\a"
    assert expand("C:\\path\\$A", env, escape="`") == "C:\\path\\a"
    assert expand('"x`"y"', env, escape="`") == 'x"y'
    assert expand('"x\\"', env, escape="`") == "x\\"
    assert expand('"x``"', env, escape="`") == "x`"
    assert expand("a`", env, escape="`") == "a"
    assert split_words("a` b c", env, escape="`") == ["a b", "c"]
    with pytest.raises(ShellWordError):
        expand('"x`"', env, escape="`")


def test_escape_must_be_one_character():
    with pytest.raises(ValueError):
        Lexer("")
    with pytest.raises(ValueError):
        Lexer("\\\\")


# ---------------------------------------------------------------------------
# Lexer options.


def test_raw_quotes_keeps_quote_characters():
    lexer = Lexer(raw_quotes=True)
    assert lexer.process_word("'a b'\"$A\"c", {"A": "x"}) == "'a b'\"x\"c"
    assert lexer.process_words("<<'EOF' \"x y\"", {}) == ["<<'EOF'", '"x y"']
    assert lexer.process_word("${U:-'q'}", {}) == "'q'"


def test_raw_escapes_keeps_escape_characters():
    lexer = Lexer(raw_escapes=True)
    assert lexer.process_word("a\\ b\\$A", {"A": "x"}) == "a\\ b\\$A"
    assert lexer.process_words("a\\ b c\\", {}) == ["a\\ b", "c\\"]
    assert lexer.process_word('"\\"\\$"', {}) == '\\"\\$'
    # lex.go writes the escape once for RawEscapes and once more because it is not an
    # escape there, so a backslash before an ordinary character doubles inside "...".
    assert lexer.process_word('"\\x"', {}) == "\\\\x"
    # The word of ${X:-word} is lexed with RawEscapes off, whatever the lexer says.
    assert lexer.process_word("${U:-\\y}", {}) == "y"


def test_heredoc_detection_configuration():
    """The lexers BuildKit's parser uses for heredoc openers."""
    line = Lexer(raw_quotes=True, raw_escapes=True)
    assert line.process_words("RUN cat <<'EOF' \\\"<<x\\\" >out", {}) == [
        "RUN", "cat", "<<'EOF'", '\\"<<x\\"', ">out"
    ]
    plain = Lexer(skip_unset_env=True)
    raw = Lexer(skip_unset_env=True, raw_quotes=True)
    assert plain.process_words('"EOF"', {}) == ["EOF"]
    assert raw.process_words('"EOF"', {}) == ['"EOF"']
    assert plain.process_words("E$X", {}) == ["E$X"]


@pytest.mark.parametrize(
    "word, expected",
    [
        ("$U", "$U"),
        ("${U}", "${U}"),
        ("$1", "$1"),
        ("${U:-d}", "${U:-d}"),
        ("${U-$A}", "${U-a}"),
        ("${U:?}", "${U:?}"),  # no error: unset names are kept before the operator is applied
        ("${U:=x}", "${U:=x}"),  # ... even an unsupported one
        ("${U##*/}", "${U##*/}"),
        ("${U//a/b}", "${U/a/b}"),  # lex.go's format string drops the second /
        ("$A${U}", "a${U}"),
        ("${E:-d}", "d"),
        ("${E:?}", ShellWordError),
    ],
)
def test_skip_unset_env(word, expected):
    lexer = Lexer(skip_unset_env=True)
    env = {"A": "a", "E": ""}
    if expected is ShellWordError:
        with pytest.raises(ShellWordError):
            lexer.process_word(word, env)
    else:
        assert lexer.process_word(word, env) == expected


def test_skip_process_quotes():
    lexer = Lexer(skip_process_quotes=True)
    env = {"A": "x y"}
    assert lexer.process_word("'$A'", env) == "'x y'"
    assert lexer.process_word('"a\\"b"', env) == '"a"b"'
    assert lexer.process_words("'$A' \"b c\"", env) == ["'x", "y'", '"b', 'c"']
    assert lexer.process_word("'", env) == "'"


# ---------------------------------------------------------------------------
# find_variable_references


def test_find_variable_references():
    word = "a $B ${C:-$D} '$E' \\$F \"$G\" ${H##x} ${I/a/b} ${J//a/b} ${K?} $1 $"
    refs = find_variable_references(word)
    assert [(r.name, r.operator) for r in refs] == [
        ("B", None), ("C", ":-"), ("D", None), ("G", None), ("H", "##"),
        ("I", "/"), ("J", "//"), ("K", "?"), ("1", None),
    ]
    for ref in refs:
        text = word[ref.start:ref.end]
        assert text.startswith("$") and ref.name in text
    assert word[refs[1].start:refs[1].end] == "${C:-$D}"
    assert refs[1].has_default and not refs[0].has_default


def test_find_variable_references_columns_and_escape():
    assert find_variable_references("FROM --platform=$TARGETARCH x") == [
        VariableReference("TARGETARCH", 16, 27, None)
    ]
    assert find_variable_references("`$A $B", escape="`") == [VariableReference("B", 4, 6, None)]
    assert find_variable_references("\\$A $B", escape="`") == [
        VariableReference("A", 1, 3, None), VariableReference("B", 4, 6, None)
    ]


def test_find_variable_references_stops_at_an_error():
    assert [r.name for r in find_variable_references("$A ${B:=x} $C")] == ["A", "B"]
    assert [r.name for r in find_variable_references("$A ${")] == ["A"]
    assert [r.name for r in find_variable_references("${X:?} ${Y:?} $Z")] == ["X", "Y", "Z"]


# ---------------------------------------------------------------------------
# Cross-check with dash where BuildKit and POSIX sh agree.
DASH_CASES = [
    "hello  world",
    'a"b c"d',
    "'x y'z",
    "$SPACED",
    '"$SPACED"',
    "${UNSET:-def}",
    "${P#*/}",
    "${P##*/}",
    "${P%/*}",
    "${P%%/*}",
    "\\$P",
    '"a\\"b"',
    '"a\\xb"',
    "${EMPTY-x}${EMPTY:-y}${P:+z}",
    "pre${P}post",
]


@pytest.mark.skipif(shutil.which("dash") is None, reason="dash not installed")
@pytest.mark.parametrize("word", DASH_CASES)
def test_agrees_with_dash(word):
    env = {"SPACED": " a  b ", "P": "/usr/local/bin", "EMPTY": ""}
    script = f"set -f; for w in {word}; do printf '<%s>' \"$w\"; done"
    out = subprocess.run(
        ["dash", "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "".join(f"<{w}>" for w in split_words(word, env)) == out


# ---------------------------------------------------------------------------
# Seeded fuzzing: only ShellWordError escapes, and the three entry points agree.
ALPHABET = ["a", "B", " ", "$", "{", "}", ":", "-", "+", "?", "#", "%", "/", "*", "'", '"', "\\", "`", "1", "é"]


def test_random_words_only_raise_shell_word_errors():
    rng = random.Random(1234)
    env = {"a": "x y", "B": "", "1": "*"}
    lexer = Lexer()
    for _ in range(4000):
        word = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        try:
            result = lexer.process_word_with_matches(word, env)
        except ShellWordError:
            with pytest.raises(ShellWordError):
                lexer.process_word(word, env)
            continue
        assert lexer.process_word(word, env) == result.result
        assert lexer.process_words(word, env) == result.words
        assert all(w for w in result.words)
        for ref in find_variable_references(word):
            assert word[ref.start] == "$" and ref.end > ref.start
