"""Every rule page's examples are run: bad ones raise the rule, good ones do not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dflint.engine.catalog import catalog
from dflint.engine.context import LintOptions
from dflint.engine.linter import Selection, lint_document
from dflint.syntax import parse
from dflint.syntax.source import decode

FENCE = re.compile(r"^```dockerfile (bad|good)([^\n]*)\n(.*?)^```$", re.S | re.M)
TOKEN = re.compile(r"\{(repeat):(.):(\d+)\}|\{(byte):([0-9a-fA-F]{2})\}")
FIXTURES = Path(__file__).parent / "fixtures"


def _expand(text: str) -> bytes:
    out = bytearray()
    pos = 0
    for m in TOKEN.finditer(text):
        out += text[pos : m.start()].encode()
        out += m.group(2).encode() * int(m.group(3)) if m.group(1) else bytes([int(m.group(5), 16)])
        pos = m.end()
    out += text[pos:].encode()
    return bytes(out)


def _options(opts: str) -> LintOptions:
    options = LintOptions()
    for item in opts.split():
        key, _, value = item.partition("=")
        if key == "target":
            from dflint.knowledge import parse_target

            options.targets = tuple(parse_target(t) for t in value.split(","))
        elif key == "platform":
            options.platforms = tuple(value.split(","))
        elif key == "context":
            options.context_dir = FIXTURES / value
        elif key == "trusted":
            options.trusted_registries = tuple(value.split(","))
        elif key == "shellcheck":
            options.shellcheck = value == "on"
        else:
            raise ValueError(f"unknown example option {key!r}")
    return options


def _examples():
    for meta in catalog():
        blocks = FENCE.findall(meta.path.read_text(encoding="utf-8"))
        for n, (kind, opts, body) in enumerate(blocks):
            yield pytest.param(meta, kind, opts.strip(), body, id=f"{meta.id}-{meta.name}-{kind}{n}")


def _rules_raised(body: str, opts: str, rule_id: str) -> set[str]:
    text, problems = decode(_expand(body))
    doc = parse(text)
    doc.diagnostics[:0] = problems
    # The default rules plus the page's own (which may be off by default).
    selection = Selection(select=frozenset(m.id for m in catalog() if m.enabled) | {rule_id})
    findings = lint_document(doc, options=_options(opts), selection=selection)
    return {f.rule for f in findings}


@pytest.mark.parametrize("meta,kind,opts,body", list(_examples()))
def test_page_example(meta, kind, opts, body):
    raised = _rules_raised(body, opts, meta.id)
    if kind == "bad":
        assert meta.id in raised, f"bad example of {meta.id} raised only {sorted(raised)}"
    else:
        assert meta.id not in raised, f"good example of {meta.id} raised it"


def test_every_page_has_both_examples():
    for meta in catalog():
        text = meta.path.read_text(encoding="utf-8")
        kinds = {k for k, _, _ in FENCE.findall(text)}
        assert kinds == {"bad", "good"}, f"{meta.path} lacks a {'bad' if 'bad' not in kinds else 'good'} example"


def test_every_page_has_the_sections():
    sections = ("## What it flags", "## Why it matters", "## Example", "## Use instead", "## Builders affected", "## Fix", "## References")
    for meta in catalog():
        text = meta.page()
        missing = [s for s in sections if s not in text]
        assert not missing, f"{meta.path} misses {missing}"


def test_ids_and_names_are_unique():
    ids = [m.id for m in catalog()]
    names = [m.name for m in catalog()]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))


def test_every_registered_rule_has_a_page_and_every_page_a_check():
    from dflint.engine.registry import all_checks

    registered = {r for c in all_checks() for r in c.rules}
    pages = {m.id for m in catalog()}
    assert registered - pages == set(), "checks without pages"
    assert pages - registered == set(), "pages without checks"
