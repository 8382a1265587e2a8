"""The fast paths that keep start-up short must give exactly what the slow, standard ones give."""

from __future__ import annotations

import dataclasses
import importlib
import os
import pkgutil
import tomllib

import pytest

import dflint.checks
from dflint.engine.catalog import _read_simple, read_front_matter, rules_dir, split_front_matter
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
