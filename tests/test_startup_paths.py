"""The fast paths that keep start-up short must give exactly what the slow, standard ones give."""

from __future__ import annotations

import dataclasses
import importlib
import os
import pkgutil
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dflint.checks
from dflint.engine.catalog import (
    _read_simple,
    read_front_matter,
    rules_dir,
    split_front_matter,
)
from dflint.engine.registry import _modules, _packages
from dflint.records import FrozenInstanceError, FrozenRecord, Record, replace
from dflint.syntax.ast import Instruction, Span


def _fronts():
    for dirpath, _, files in os.walk(rules_dir()):
        if os.path.basename(dirpath) == "knowledge":
            continue
        for name in sorted(files):
            if name.endswith(".md") and name != "README.md":
                with open(os.path.join(dirpath, name), encoding="utf-8") as page:
                    yield name, split_front_matter(page.read())[0]


def test_every_page_is_read_without_tomllib_and_as_tomllib_reads_it():
    for name, front in _fronts():
        assert _read_simple(front) == tomllib.loads(front), name


@pytest.mark.parametrize("front", [
    'a = "x\\\\y"', 'a = "say \\"hi\\""', 'a = ["p", "q"]', "a = []", 'a = ""', "a = false", 'a = "é · ü"', "",
])
def test_simple_lines_read_as_tomllib_reads_them(front):
    assert _read_simple(front) == tomllib.loads(front)


@pytest.mark.parametrize("front", [
    'a = "x\\ny"', 'a = "tab\there"', 'a = "x" # note', 'a = ["p","q"]', 'a = ["p, q"]', "a = 1", 'a-b = "x"',
    ' a = "x"', 'a = "x"\na = "y"', 'a = """x"""', "a = 'x'", 'a = "x\\"',
])
def test_anything_else_goes_to_tomllib(front):
    assert _read_simple(front) is None
    try:
        expected = tomllib.loads(front)
    except tomllib.TOMLDecodeError:
        with pytest.raises(tomllib.TOMLDecodeError):
            read_front_matter(front)
    else:
        assert read_front_matter(front) == expected


def test_check_modules_are_found_in_pkgutil_order():
    root = dflint.checks
    expected = []
    for family in pkgutil.iter_modules(root.__path__, root.__name__ + "."):
        if family.ispkg:
            package = importlib.import_module(family.name)
            expected += [m.name for m in pkgutil.iter_modules(package.__path__, family.name + ".")]
    base = root.__path__[0]
    found = [f"{root.__name__}.{f}.{m}" for f in _packages(base) for m in _modules(os.path.join(base, f))]
    assert found == expected


class Point(Record):
    __slots__ = ("x", "y")

    def __init__(self, x, y=0):
        self.x = x
        self.y = y


class Tag(FrozenRecord):
    __slots__ = ("name", "note")
    _compared = ("name",)

    def __init__(self, name, note=""):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "note", note)


@dataclasses.dataclass(slots=True)
class DataPoint:
    x: int
    y: int = 0


def test_records_behave_like_dataclasses():
    assert repr(Point(1, 2)) == repr(DataPoint(1, 2)).replace("DataPoint", "Point")
    assert Point(1, 2) == Point(1, 2) and Point(1, 2) != Point(1, 3)
    assert Point(1) != DataPoint(1) and Point(1) != (1, 0)
    with pytest.raises(TypeError):
        hash(Point(1))
    assert Tag("a", "x") == Tag("a", "y") and hash(Tag("a", "x")) == hash(Tag("a", "y"))
    with pytest.raises(FrozenInstanceError):
        Tag("a").name = "b"
    with pytest.raises(AttributeError):
        del Tag("a").note
    assert replace(Tag("a", "x"), note="y").note == "y"
    assert replace(Point(1, 2), y=5) == Point(1, 5)


def test_syntax_records_keep_their_fields_and_defaults():
    span = Span(1, 2, 3, 4)
    assert repr(span) == "Span(line=1, column=2, end_line=3, end_column=4)"
    assert {span: 1}[Span(1, 2, 3, 4)] == 1
    ins = Instruction("RUN", "run", span, "RUN x")
    assert ins.flags == [] and ins.args == [] and ins.flags is not Instruction("RUN", "run", span, "RUN x").flags
    assert (ins.json_form, ins.rest, ins.index, ins.child) == (False, "", 0, None)


def test_spans_stay_frozen_and_hash_like_the_dataclass():
    span = Span(1, 2, 3, 4)
    with pytest.raises(FrozenInstanceError):
        span.line = 5
    assert hash(span) == hash((1, 2, 3, 4)) and span == Span(1, 2, 3, 4) and span != Span(1, 2, 3, 5)
    assert span != (1, 2, 3, 4) and replace(span, end_column=9) == Span(1, 2, 3, 9)


def test_named_tuple_builds_what_typing_named_tuple_builds():
    import typing

    from dflint.records import named_tuple

    class Typed(typing.NamedTuple):
        """Doc."""

        a: int
        b: str = "x"

        def twice(self) -> int:
            return self.a * 2

    @named_tuple
    class Plain:
        """Doc."""

        a: int
        b: str = "x"

        def twice(self) -> int:
            return self.a * 2

    typed, plain = Typed(1), Plain(1)
    assert repr(plain) == repr(typed).replace("Typed", "Plain") and plain == typed == (1, "x")
    assert Plain._fields == Typed._fields and Plain._field_defaults == Typed._field_defaults
    assert plain.twice() == 2 and Plain.__doc__ == "Doc." and list(Plain.__annotations__) == list(Typed.__annotations__)
    assert plain._replace(b="y") == Plain(1, "y") and isinstance(plain, tuple)
    with pytest.raises(TypeError):

        @named_tuple
        class Bad:
            a: int = 0
            b: int


def _closest_by_brute_force(value, options, case_sensitive=False):
    from dflint.syntax.suggest import edit_distance

    if not value:
        return None
    best, best_distance = None, 3
    for option in options:
        distance = edit_distance(value if case_sensitive else value.lower(), option if case_sensitive else option.lower())
        if distance < best_distance:
            best, best_distance = option, distance
    return best


words = st.text(alphabet="abcAB_-", max_size=9)


@settings(max_examples=400, deadline=None)
@given(words, st.lists(words, max_size=8), st.booleans())
def test_closest_prunes_without_changing_the_answer(value, options, case_sensitive):
    from dflint.syntax.suggest import closest

    assert closest(value, options, case_sensitive=case_sensitive) == _closest_by_brute_force(value, options, case_sensitive)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\u00a0\u2003ab$=é", max_size=16))
def test_words_without_quotes_split_as_the_full_scanner_splits_them(rest):
    from dflint.syntax.arguments import parse_words

    # A trailing quote sends the text through the character scanner; it only adds a last word.
    assert parse_words(rest + " '", "\\")[:-1] == parse_words(rest, "\\")


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 50), st.integers(0, 20), st.integers(-3, 29), st.integers(-3, 30))
def test_one_line_spans_are_what_the_general_mapping_gives(line, column, start, end):
    from dflint.syntax.lines import LogicalLine

    one, padded = LogicalLine(), LogicalLine()
    one.append("x" * 30, line, column)
    padded.append("x" * 30, line, column)
    padded.append("", line + 1, 0)  # a second, empty piece: the general path, same answers inside the first
    assert one.span(start, end) == padded.span(start, end)
    assert one.position(start) == padded.position(start)


def test_architecture_markers_cover_every_architecture_word():
    from dflint.platforms.arch_words import ARCH_WORDS
    from dflint.platforms.hardcoded import _DEB_ARCH, may_name_arch

    for word in (*ARCH_WORDS, *_DEB_ARCH):
        assert may_name_arch(f"https://x/{word.upper()}.tgz") and may_name_arch(word)
    assert not may_name_arch("apt-get install -y curl")


def test_knowledge_digest_is_hashlib_sha256():
    import hashlib

    from dflint.knowledge.data import sha256

    assert sha256(b"dflint").hexdigest() == hashlib.sha256(b"dflint").hexdigest()


@pytest.mark.parametrize("columns", [None, "37", "0", "wide"])
def test_help_width_is_what_shutil_reports(monkeypatch, columns):
    import shutil

    from dflint.cli import _terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_columns() == shutil.get_terminal_size().columns


@pytest.mark.parametrize("command", ["check", "fix", "verify", "parse", "rules", "config", "features", "lsp"])
def test_a_sub_command_parser_built_alone_is_the_one_built_with_all(command):
    from dflint.cli import build_parser

    def sub_parser(parser):
        return next(a for a in parser._actions if a.dest == "command").choices[command]

    alone, full = sub_parser(build_parser(command)), sub_parser(build_parser())
    assert alone.format_help() == full.format_help() and alone.format_usage() == full.format_usage()
    def described(parser):
        return [{k: v for k, v in vars(a).items() if k != "container"} for a in parser._actions]

    assert described(alone) == described(full)


def test_tree_sitter_binding_is_shared_with_an_ordinary_import():
    pytest.importorskip("tree_sitter_bash")
    import tree_sitter

    from dflint.shell.parse import _binding

    assert _binding("tree_sitter").Parser is tree_sitter.Parser


def test_checking_a_typical_file_leaves_heavy_modules_unimported(tmp_path):
    import json
    import subprocess
    import sys

    path = tmp_path / "Dockerfile"
    path.write_text("FROM debian:12\nRUN apt-get update && apt-get install -y curl\nUSER nobody\n", encoding="utf-8")
    code = (  # only what dflint imports: site hooks of the interpreter may load anything
        "import contextlib, io, json, sys\n"
        "before = set(sys.modules)\n"
        "from dflint.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['check', {str(path)!r}])\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout))
    heavy = {"dataclasses", "inspect", "typing", "shutil", "hashlib", "platform", "importlib.resources", "tempfile", "uuid"}
    assert not heavy & loaded


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab =:-{}()#%/é\t`\\$'\"", max_size=12), st.sampled_from(["\\", "`"]))
def test_model_values_skip_the_lexer_only_when_it_would_change_nothing(value, escape):
    from dflint.model.build import _unquote
    from dflint.syntax.shell_words import Lexer

    try:
        expected = Lexer(escape, skip_unset_env=True).process_word(value, {})
    except ValueError:
        expected = value
    assert _unquote(value, escape) == expected


_PLAIN_PIECES = st.one_of(
    st.sampled_from(["apt-get", "install", "-y", "a:b", "x,y", "1", "@s", "%p", "+x", "--", ".", "/usr/bin/env", "if", "fi",
                     "done", "in", "time", "esac", "local", "export", "unset", "exec", "a%", "b@c", "./x", "x86_64"]),
    st.text(alphabet="abc019_./:,+@%-", min_size=1, max_size=4),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PLAIN_PIECES, min_size=1, max_size=5), st.sampled_from([" ", "  ", "\t"]), st.sampled_from(["", " ", "\t "]))
def test_plain_scripts_read_as_tree_sitter_and_the_lexer_read_them(pieces, separator, edge):
    from dflint.shell import parse as shell_parse
    from dflint.shell.model import Script, SourceMap

    text = edge + separator.join(pieces) + edge
    ins = Instruction("RUN", "RUN", Span(1, 1, 1, 1), "RUN " + text)

    def read(commands):
        return [(c.words, c.raw, c.start, c.end, c.word_offsets, c.assignments, c.operator, c.in_pipeline) for c in commands]

    script = Script(ins, "sh", text, SourceMap())
    if not shell_parse._PLAIN_SCRIPT.fullmatch(text) or shell_parse._plain_command(script) is None:
        return
    got = read(shell_parse.parse_commands(script))
    lexed = shell_parse.commands_from_tokens(shell_parse.tokenize(text), text, Script(ins, "sh", text, SourceMap()))
    assert got == read(lexed)
    parser = shell_parse._tree_sitter()
    if parser is not None:
        assert got == read(shell_parse._with_tree_sitter(parser, Script(ins, "sh", text, SourceMap()), text))


_json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
)
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@given(_json_values)
def test_indented_json_is_what_json_dump_writes(value):
    import io
    import json

    from dflint.report.indented_json import dump

    ours, theirs = io.StringIO(), io.StringIO()
    dump(value, ours)
    json.dump(value, theirs, indent=2, ensure_ascii=False)
    assert ours.getvalue() == theirs.getvalue()


@pytest.mark.parametrize("value", [
    {1: "int key"}, {None: [True]}, [{"nested": {2.5: "x"}}], [1, object()], {"x": frozenset()}, [True, 1, 1.0, "é"],
])
def test_indented_json_hands_anything_unusual_to_json(value):
    import io
    import json

    from dflint.report.indented_json import dump

    try:
        expected = json.dumps(value, indent=2, ensure_ascii=False)
    except TypeError:
        with pytest.raises(TypeError):
            dump(value, io.StringIO())
    else:
        ours = io.StringIO()
        dump(value, ours)
        assert ours.getvalue() == expected


@pytest.mark.parametrize("text", [
    "FROM alpine\nRUN echo hi\n# a comment\nRUN echo hi\n",
    "\ufeffFROM alpine\nRUN  apk add   curl\n",
    "\ufeff\ufeffFROM alpine\nRUN echo \\\n  hi\n",
    "\ufeffRUN echo " + "x" * (65533 - 9) + "\nFROM alpine\nRUN echo y\n",  # too long only with the mark counted
])
def test_fingerprints_from_the_checked_document_are_those_of_a_fresh_parse(text):
    from dflint.engine.linter import lint_document
    from dflint.report import fingerprint
    from dflint.syntax import parse

    doc = parse(text)
    findings = lint_document(doc, path="Dockerfile")
    fresh = fingerprint.fingerprints("Dockerfile", doc.text, findings)
    fingerprint.remember(doc)
    try:
        assert fingerprint.fingerprints("Dockerfile", doc.text, findings) == fresh
    finally:
        fingerprint.forget()


def test_a_script_read_again_gets_fresh_commands_equal_to_the_first_reading():
    from dflint.shell import parse as shell_parse
    from dflint.shell.model import Script, SourceMap

    text = "apt-get update && apt-get install -y curl | tee log; echo $(date) >&2 done"
    ins = Instruction("RUN", "RUN", Span(1, 1, 1, 1), "RUN " + text)

    def read(commands):
        return [(list(c.words), c.raw, c.start, c.end, list(c.word_offsets), list(c.assignments), c.operator, c.in_pipeline, c.name)
                for c in commands]

    shell_parse._known.clear()
    first_script, second_script = Script(ins, "sh", text, SourceMap()), Script(ins, "sh", text, SourceMap())
    first = shell_parse.parse_commands(first_script)
    expected = read(first)
    first[0].words.append("changed by a rule")
    second = shell_parse.parse_commands(second_script)
    assert read(second) == expected
    assert all(c.script is second_script for c in second)
    assert second_script.parser == first_script.parser


@settings(max_examples=500)
@given(st.text(alphabet=" \t\\`a#\u00a0", max_size=8), st.sampled_from(["\\", "`"]))
def test_continuation_shortcut_agrees_with_the_pattern(text, escape):
    from dflint.syntax.parser import _continuation_regex, _Parser

    parser = _Parser("")
    parser.escape, parser._continuation = escape, _continuation_regex(escape)
    m = parser._continuation.search(text)
    assert parser._trim_continuation(text) == ((text, True) if m is None else (text[: m.start()], False))
