"""The fix engine: exact edits, no overlaps, verified, idempotent, byte-preserving writes."""

from __future__ import annotations

import os
import stat

from hypothesis import given, settings
from hypothesis import strategies as st

from dflint.engine.findings import Edit, Finding, Fix
from dflint.fix.apply import apply_edits, fix_text
from dflint.fix.files import read_source, write_atomically
from dflint.syntax import parse
from dflint.syntax.ast import Span


def upper_keywords(text: str):
    """A stand-in rule: lower-case keywords get an upper-casing fix."""
    doc = parse(text)
    out = []
    for ins in doc.instructions:
        if ins.raw_keyword != ins.keyword and ins.keyword_span:
            fix = Fix("upper-case the keyword", (Edit(ins.keyword_span, ins.keyword),))
            out.append(Finding("T1", "casing", "style", f"{ins.raw_keyword} should be upper case", ins.keyword_span, fix=fix))
    return out, doc.has_errors


def test_edits_apply_exactly_and_skip_overlaps():
    text = "from a\nrun x\n"
    fixes = [
        Fix("a", (Edit(Span(1, 1, 1, 5), "FROM"),)),
        Fix("b", (Edit(Span(1, 3, 1, 7), "zz"),)),  # overlaps the first: skipped this pass
        Fix("c", (Edit(Span(2, 1, 2, 4), "RUN"),)),
    ]
    out, applied = apply_edits(text, fixes)
    assert out == "FROM a\nRUN x\n"
    assert applied == [0, 2]


def test_insertions_use_the_files_line_endings():
    text = "FROM a\r\nRUN x\r\n"
    fix = Fix("insert", (Edit(Span(2, 1, 2, 1), "ARG X\n"),))
    out, _ = apply_edits(text, [fix])
    assert out == "FROM a\r\nARG X\r\nRUN x\r\n"


def test_fix_reaches_a_fixed_point_and_is_idempotent():
    text = "from a\nrun x \\\n  y\ncopy a b\n"
    result = fix_text(text, upper_keywords)
    assert result.text == "FROM a\nRUN x \\\n  y\nCOPY a b\n"
    assert len(result.applied) == 3
    assert fix_text(result.text, upper_keywords).applied == []


def test_a_fix_that_breaks_parsing_is_rolled_back():
    def breaking(text):
        doc = parse(text)
        findings = []
        for ins in doc.instructions:
            if ins.keyword == "RUN":
                fix = Fix("break it", (Edit(ins.keyword_span, "RUNN"),))
                findings.append(Finding("T2", "bad", "warning", "x", ins.keyword_span, fix=fix))
        return findings, doc.has_errors

    result = fix_text("FROM a\nRUN x\n", breaking)
    assert result.text == "FROM a\nRUN x\n"
    assert result.rejected and "no longer parses" in result.rejected[0][1]


def test_unsafe_fixes_need_opting_in():
    def unsafe(text):
        doc = parse(text)
        ins = doc.instructions[-1]
        if ins.keyword == "RUN" and ins.flags:
            f = ins.flags[0]
            fix = Fix("drop the cache mount", (Edit(Span(f.span.line, f.span.column, f.span.end_line, f.span.end_column + 1), ""),), "unsafe")
            return [Finding("T3", "m", "warning", "cache mount", f.span, fix=fix)], doc.has_errors
        return [], doc.has_errors

    text = "FROM a\nRUN --mount=type=cache,target=/x make\n"
    assert fix_text(text, unsafe).text == text
    assert fix_text(text, unsafe, unsafe=True).text == "FROM a\nRUN make\n"


def test_atomic_write_keeps_bom_crlf_and_mode(tmp_path):
    path = tmp_path / "Dockerfile"
    original = b"\xef\xbb\xbffrom a\r\nrun x\r\n"
    path.write_bytes(original)
    os.chmod(path, 0o755)
    source = read_source(str(path), path.read_bytes())
    result = fix_text(source.text, upper_keywords)
    write_atomically(str(path), source.encode(result.text))
    assert path.read_bytes() == b"\xef\xbb\xbfFROM a\r\nRUN x\r\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o755
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"]


keyword = st.sampled_from(["from a", "FROM a", "run x", "RUN x", "Copy a b", "env A=1", "# c", "", "run a \\", "  b"])


@settings(max_examples=200, deadline=None)
@given(st.lists(keyword, min_size=1, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_fixing_is_idempotent_and_touches_nothing_else(lines, newline):
    text = newline.join(["FROM base", *lines]) + newline
    once = fix_text(text, upper_keywords).text
    assert fix_text(once, upper_keywords).text == once
    # Only keyword letters may change: case-insensitively the file is identical.
    assert once.lower() == text.lower()
    assert once.count("\r\n") == text.count("\r\n")
