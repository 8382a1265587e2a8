"""Differential test: dflint's parser must read every Dockerfile the way BuildKit's parser does.

The oracle is BuildKit's own Go parser, bound by the PyPI package `dockerfile`
(3.4.0 vendors BuildKit v0.12.5, i.e. frontend ~1.6). Inputs come from three
sources: the fixture files under tests/fixtures/, the realistic corpus of
bench/corpus.py, and hypothesis examples rich in parser edge cases.

When the oracle accepts a file, dflint must produce the same instructions
(keyword, lines, flags, values, JSON form, heredocs) and no parser-level error.
When the oracle raises, dflint must report an error with the same message.

Where the newest BuildKit (the one dflint follows) reads a file differently from
that older binding, the difference is excluded by a narrow predicate (see
docs/benchmark.md, "What the oracle covers"):

* `<<` followed by a blank (or by a line continuation) is a heredoc only since
  frontend 1.16: comparison stops before the first physical line containing it.
* The directive header is read differently since 1.8 (`check` is a directive)
  and the newest parser skips a first `#!` line: files whose header gives a
  different escape token or directive error under the two rules are skipped.
* The binding drops what belongs to an ONBUILD trigger (the trigger's flags and
  heredocs), so those are not compared; the trigger's values are.
* The binding cannot answer when Go splits a UTF-8 sequence (HEALTHCHECK cuts
  its first word at byte 0x85/0xA0); it crashes the process on lone surrogates
  and stops reading at a NUL, so such inputs are skipped (the generators make none).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import dockerfile
import pytest
from hypothesis import HealthCheck, assume, given, settings

from bench.corpus import ARCHETYPES, generate
from dflint.syntax import parse
from tests.strategies import dockerfiles

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS_SEED = 7
CORPUS_SIZE = 300

# Messages of BuildKit's `parser` package (instruction-level errors are not compared).
PARSER_ERROR_MESSAGES = (
    "unterminated heredoc",
    "dockerfile line greater than max allowed size",
    "arrays must be comprised of strings only",
    "must have two arguments",
    "Syntax error - can't find =",
    "parser directive can be used",
    "invalid escape token",
    "file with no instructions",
)
PARSER_ERROR = re.compile("|".join(map(re.escape, PARSER_ERROR_MESSAGES)))

# `<<` then a blank, or `<<` then a continuation at the end of the physical line.
HEREDOC_WITH_GAP = re.compile(r"<<-?(?:[ \t]|[\\`][ \t]*\r?$)")
# BuildKit's directive regex, with Go's \s ([\t\n\f\r ]) spelled out.
DIRECTIVE = re.compile(r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z")
GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


class Incomparable(Exception):
    """The oracle cannot answer for this input, or its BuildKit version reads it differently."""


@dataclass(frozen=True)
class OracleAnswer:
    commands: tuple | None
    error: str | None


def ask_oracle(text: str) -> OracleAnswer:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise Incomparable("lone surrogates crash the binding") from e
    if "\x00" in text:
        raise Incomparable("the binding hands Go a C string, which ends at the first NUL")
    try:
        return OracleAnswer(tuple(dockerfile.parse_string(text)), None)
    except dockerfile.GoParseError as e:
        return OracleAnswer(None, str(e))
    except UnicodeDecodeError as e:
        raise Incomparable(f"the binding cannot decode Go's answer: {e}") from e


# -- version-difference predicates ------------------------------------------------------------


def before_heredoc_gap(text: str) -> str:
    """The text up to the first physical line where `<<` is followed by a blank (frontend >= 1.16 only)."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if HEREDOC_WITH_GAP.search(line):
            return "\n".join(lines[:n]) + ("\n" if n else "")
    return text


def read_directives(text: str, keys: frozenset[str], skip_shebang: bool) -> tuple[str, str | None]:
    """(escape token, directive error) as one BuildKit version's directive scanner reads the header."""
    escape = "\\"
    seen: set[str] = set()
    for n, raw in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        line = raw.rstrip("\r\n").lstrip(GO_SPACE)
        if skip_shebang and n == 1 and line.startswith("#!"):
            continue
        match = DIRECTIVE.match(line)
        if not match or match.group(1).lower() not in keys:
            break
        key = match.group(1).lower()
        if key in seen:
            return escape, f"only one {key} parser directive can be used"
        seen.add(key)
        if key == "escape":
            if match.group(2) not in ("`", "\\"):
                return escape, f"invalid escape token '{match.group(2)}' does not match ` or \\"
            escape = match.group(2)
    return escape, None


NEWEST_DIRECTIVES = frozenset({"syntax", "escape", "check"})
ORACLE_DIRECTIVES = frozenset({"syntax", "escape"})


def header_read_differently(text: str) -> bool:
    return read_directives(text, NEWEST_DIRECTIVES, True) != read_directives(text, ORACLE_DIRECTIVES, False)


# -- comparison ----------------------------------------------------------------------------------


def _oracle_view(command) -> dict:
    keyword = command.cmd or ""  # the binding turns Go's empty string into None (a blank logical line)
    onbuild = keyword.upper() == "ONBUILD"
    return {
        "keyword": keyword.casefold(),
        "trigger": command.sub_cmd.casefold() if command.sub_cmd else None,
        "lines": (command.start_line, command.end_line),
        "flags": list(command.flags),
        "values": list(command.value),
        "json": command.json,
        "heredocs": None if onbuild else [(h.name, h.content, h.file_descriptor) for h in command.heredocs],
    }


def _dflint_view(ins: dict) -> dict:
    child = ins["child"]
    onbuild = ins["keyword"] == "ONBUILD"
    heredocs = [(h["name"], h["body"], h.get("fd")) for h in ins["heredocs"]]
    return {
        "keyword": ins["keyword"].casefold(),
        "trigger": child["keyword"].casefold() if child else None,
        "lines": (ins["start_line"], ins["end_line"]),
        "flags": list(ins["flags"]),
        "values": list(ins["args"]),
        "json": (child or ins)["json_form"],
        "heredocs": None if onbuild else heredocs,
    }


def _comparable_heredocs(view: dict, other: dict) -> None:
    """dflint's to_dict may lack the heredoc fd; compare it only when both sides have it."""
    if view["heredocs"] and other["heredocs"] and any(fd is None for _, _, fd in view["heredocs"]):
        other["heredocs"] = [(name, body, None) for name, body, _ in other["heredocs"]]


def parser_errors(result: dict) -> list[dict]:
    return [d for d in result["diagnostics"] if d["severity"] == "error" and PARSER_ERROR.search(d["message"])]


def differences(text: str) -> list[str]:
    """What dflint reads differently from BuildKit's parser; raises Incomparable when no verdict is possible."""
    if header_read_differently(text):
        raise Incomparable("the directive header means something else before frontend 1.8")
    text = before_heredoc_gap(text)
    oracle = ask_oracle(text)
    result = parse(text).to_dict()
    errors = parser_errors(result)
    if oracle.error is not None:
        if any(oracle.error in d["message"] for d in errors):
            return []
        # BuildKit stops reading at a line over its limit and then, with nothing
        # parsed yet, reports the empty result instead; dflint names the long line
        # and reads on (so it may also find instructions after it).
        too_long = [d for d in errors if d["message"].startswith("dockerfile line greater than max allowed size")]
        if oracle.error == "file with no instructions" and too_long and all(
            i["start_line"] > too_long[0]["line"] for i in result["instructions"]
        ):
            return []
        return [f"BuildKit fails with {oracle.error!r}; dflint's parser errors: {[d['message'] for d in errors]}"]
    found = [f"dflint reports a parser error BuildKit does not: {d['message']!r} at line {d['line']}" for d in errors]
    ours = [_dflint_view(i) for i in result["instructions"]]
    theirs = [_oracle_view(c) for c in oracle.commands]
    if len(ours) != len(theirs):
        found.append(f"{len(ours)} instructions in dflint, {len(theirs)} in BuildKit: dflint {[(o['keyword'], o['lines']) for o in ours]} vs {[(t['keyword'], t['lines']) for t in theirs]}")
    for n, (mine, expected) in enumerate(zip(ours, theirs), start=1):
        _comparable_heredocs(mine, expected)
        for key in expected:
            if mine[key] != expected[key]:
                found.append(f"instruction {n} ({expected['keyword'].upper()} at line {expected['lines'][0]}): {key} dflint={mine[key]!r} buildkit={expected[key]!r}")
    return found


def assert_same_reading(text: str) -> None:
    found = differences(text)
    assert not found, "dflint and BuildKit read this Dockerfile differently:\n" + "\n".join(found[:10]) + f"\n--- input ---\n{text[:2000]!r}"


# -- inputs ----------------------------------------------------------------------------------------


def _is_dockerfile(path: Path) -> bool:
    name = path.name
    return path.is_file() and (name.startswith("Dockerfile") or name.endswith((".Dockerfile", ".dockerfile")) or name == "Containerfile")


FIXTURE_FILES = sorted(p for p in FIXTURES.rglob("*") if _is_dockerfile(p))


def test_fixtures_exist():
    assert len([p for p in FIXTURE_FILES if p.parent.name == "parser"]) >= 40


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_reads_like_buildkit(path: Path):
    try:
        text = path.read_bytes().decode("utf-8")  # bytes: keep CR, BOM and odd line breaks as they are
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: BuildKit's parser reads only UTF-8")
    try:
        assert_same_reading(text)
    except Incomparable as e:
        pytest.skip(str(e))


CORPUS = generate(CORPUS_SIZE, CORPUS_SEED)


def test_corpus_is_deterministic_varied_and_valid():
    """The corpus stands in for real files: same bytes every run, 5-400 lines, every archetype, all parseable."""
    assert [f.text for f in generate(CORPUS_SIZE, CORPUS_SEED)] == [f.text for f in CORPUS]
    sizes = [f.text.count("\n") + (not f.text.endswith("\n")) for f in CORPUS]
    assert min(sizes) >= 5 and max(sizes) <= 400 and max(sizes) > 200
    assert {f.archetype for f in CORPUS} == {make.__name__ for make, _ in ARCHETYPES}
    assert [f.name for f in CORPUS if ask_oracle(f.text).error] == []


@pytest.mark.parametrize("generated", CORPUS, ids=lambda f: f.name)
def test_corpus_file_reads_like_buildkit(generated):
    try:
        assert_same_reading(generated.text)
    except Incomparable as e:
        pytest.skip(str(e))


# Random examples locally (new ones every run); a fixed sequence on CI, so a gate never flips by chance.
@settings(
    max_examples=600,
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(dockerfiles())
def test_edge_cases_read_like_buildkit(text: str):
    try:
        found = differences(text)
    except Incomparable:
        assume(False)
        return
    assert not found, "\n".join(found[:10])


# -- the predicates themselves -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RUN cat << EOF\nx\nEOF\n", ""),
        ("FROM a\nRUN cat <<EOF\nx\nEOF\nRUN cat <<- 'E'\n", "FROM a\nRUN cat <<EOF\nx\nEOF\n"),
        ("FROM a\nRUN cat <<\\\n EOF\n", "FROM a\n"),
        ("FROM a\nRUN cat <<\\EOF\nx\nEOF\n", "FROM a\nRUN cat <<\\EOF\nx\nEOF\n"),
    ],
)
def test_heredoc_gap_cut(text: str, expected: str):
    assert before_heredoc_gap(text) == expected


@pytest.mark.parametrize(
    ("text", "differs"),
    [
        ("# check=skip=all\n# escape=`\nFROM a\n", True),
        ("# check=skip=all\n# check=error=true\nFROM a\n", True),
        ("#!/bin/sh\n# escape=`\nFROM a\n", True),
        ("# check=skip=all\n# syntax=x\nFROM a\n", False),
        ("# syntax=x\n# escape=`\n# check=a\nFROM a\n", False),
        ("# escape=`\n# escape=`\nFROM a\n", False),
    ],
)
def test_header_predicate(text: str, differs: bool):
    assert header_read_differently(text) is differs
