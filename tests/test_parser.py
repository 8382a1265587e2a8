"""The parser: BuildKit's structure, exact positions, and recovery after errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dflint.syntax import parse
from dflint.syntax.source import decode


def one(text: str):
    doc = parse(text)
    assert len(doc.instructions) == 1, doc.to_dict()
    return doc.instructions[0]


def rules(text: str) -> list[tuple[str, int]]:
    return [(d.rule, d.span.line) for d in parse(text).diagnostics]


# -- directives ---------------------------------------------------------------


def test_directives_are_read_only_at_the_top_and_case_insensitively():
    doc = parse("# SYNTAX = docker/dockerfile:1.7\n# Escape=`\nFROM a\n# check=skip=all\n")
    assert doc.directives["syntax"].value == "docker/dockerfile:1.7"
    assert doc.escape == "`"
    assert "check" not in doc.directives
    assert doc.directives["syntax"].value_span.column == 12


def test_a_blank_line_or_other_comment_ends_the_directives():
    assert parse("\n# syntax=x\nFROM a\n").directives == {}
    assert parse("# hello\n# escape=`\nFROM a\n").escape == "\\"
    assert parse("# unknown=1\n# escape=`\nFROM a\n").escape == "\\"


def test_shebang_and_bom_are_skipped():
    doc = parse("\ufeff#!/usr/bin/env docker-build\n# escape=`\nFROM a\n")
    assert doc.escape == "`"
    assert doc.instructions[0].span.line == 3


def test_repeated_directive_is_reported_and_parsing_goes_on():
    doc = parse("# syntax=a\n# SYNTAX=b\nFROM a\n")
    assert [(d.rule, d.span.line) for d in doc.diagnostics] == [("repeated-directive", 2)]
    assert doc.directives["syntax"].value == "a"
    assert len(doc.instructions) == 1


def test_invalid_escape():
    assert rules("# escape=^\nFROM a\n") == [("invalid-escape-directive", 1)]


# -- lines and continuations ----------------------------------------------------


def test_continuations_comments_and_empty_lines_inside():
    doc = parse("RUN a \\\n  # comment\n\n  b \\\n  c\nFROM x\n")
    run = doc.instructions[0]
    assert run.args == ["a   b   c"]
    assert (run.span.line, run.span.end_line) == (1, 5)
    assert doc.empty_continuations == [(5, [3])]
    assert doc.instructions[1].span.line == 6


def test_backtick_escape_continues_lines():
    run = one("# escape=`\nRUN dir `\n  c:\\\n")
    assert run.args == ["dir   c:\\"]


def test_continuation_at_end_of_file_and_crlf():
    run = one("RUN x \\\r\n  y \\\r\n")
    assert run.args == ["x   y"]
    assert run.span.end_line == 2


def test_crlf_does_not_leak_into_values():
    doc = parse("FROM a AS b\r\nENV A=1\r\n")
    assert doc.instructions[0].args == ["a", "AS", "b"]
    assert doc.instructions[1].args == ["A", "1"]


def test_tabs_and_leading_whitespace_positions():
    run = one("\t  RUN\techo hi\n")
    assert run.span.column == 4
    assert run.args == ["echo hi"]
    assert run.arg_spans[0].column == 8


# -- instructions -------------------------------------------------------------


def test_any_letter_case_and_keyword_kept_as_written():
    ins = one("rUn echo\n")
    assert (ins.keyword, ins.raw_keyword) == ("RUN", "rUn")


def test_json_form_and_fallback():
    assert one('CMD ["a", "b c"]\n').json_form
    ins = one("CMD [\"a\", 'b']\n")
    assert not ins.json_form and ins.args == ["[\"a\", 'b']"]
    trailing = one('CMD ["a"] extra\n')
    assert trailing.json_form and trailing.args == ["a"]  # Go's json.Decoder stops after the array


def test_nested_json_is_refused_but_the_rest_is_parsed():
    doc = parse('FROM a\nCMD [["x"]]\nRUN ok\n')
    assert [d.rule for d in doc.diagnostics] == ["json-args-not-strings"]
    assert [i.keyword for i in doc.instructions] == ["FROM", "RUN"]


def test_flags_and_terminator():
    ins = one('COPY --chown=1:1 --from="my stage" -- --not-a-flag /dst\n')
    assert [f.raw for f in ins.flags] == ["--chown=1:1", "--from=my stage"]
    assert ins.args == ["--not-a-flag", "/dst"]
    assert ins.flags[1].span.column == 18


def test_env_and_label_forms():
    legacy = one("ENV PATH /usr/bin:$PATH\n")
    assert legacy.legacy_form and legacy.args == ["PATH", "/usr/bin:$PATH"]
    modern = one('LABEL a=b "c d"=e f="g h"\n')
    assert not modern.legacy_form and modern.args == ["a", "b", '"c d"', "e", "f", '"g h"']
    assert rules("ENV A\n") == [("missing-value", 1)]
    assert rules("ENV A=1 B\n") == [("invalid-key-value", 1)]


def test_arg_with_several_names():
    assert one("ARG A B=2 C\n").args == ["A", "B=2", "C"]


def test_healthcheck_and_onbuild():
    hc = one("HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"x\"]\n")
    assert hc.args == ["CMD", "curl", "-f", "x"] and hc.json_form
    assert one("HEALTHCHECK NONE\n").args == ["NONE"]
    ob = one("ONBUILD RUN --mount=type=cache,target=/x make\n")
    assert ob.args == ["make"] and ob.child.keyword == "RUN"
    assert [f.raw for f in ob.child.flags] == ["--mount=type=cache,target=/x"]
    assert ob.child.flags[0].span.column == 13


def test_from_forms():
    ins = one("FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n")
    assert ins.args == ["golang:1.22", "AS", "Build"]
    assert rules("FROM a b\n") == [("wrong-argument-count", 1)]
    assert rules("FROM a AS 1x\n") == [("invalid-stage-name", 1)]


def test_unknown_instruction_has_a_suggestion():
    doc = parse("FROM a\nRUNN x\n")
    assert doc.diagnostics[0].message == "unknown instruction: RUNN (did you mean run?)"


# -- heredocs -----------------------------------------------------------------


def test_heredoc_forms():
    doc = parse(
        "FROM a\n"
        "RUN <<EOF\necho $HOME\nEOF\n"
        "RUN <<-'EOT' bash\n\techo hi\n\tEOT\n"
        'COPY <<a.txt <<"b.txt" /dest/\nA\na.txt\nB\nb.txt\n'
        "RUN 3<<X cat <&3\nx\nX\n"
        "RUN python3 <<EOF\nprint(1)\nEOF\n"
    )
    assert not doc.diagnostics
    run1, run2, copy, run3, run4 = doc.instructions[1:]
    h = run1.heredocs[0]
    assert (h.name, h.body, h.expand, h.strip_tabs) == ("EOF", "echo $HOME\n", True, False)
    assert (h.span.line, h.span.end_line) == (3, 4)
    assert (run1.span.line, run1.span.end_line) == (2, 4)
    h2 = run2.heredocs[0]
    assert (h2.name, h2.expand, h2.strip_tabs, h2.content) == ("EOT", False, True, "echo hi\n")
    assert [(x.name, x.body, x.expand) for x in copy.heredocs] == [("a.txt", "A\n", True), ("b.txt", "B\n", False)]
    assert run3.heredocs[0].fd == 3
    assert run4.heredocs[0].body == "print(1)\n"


def test_instruction_right_after_terminator_and_whitespace_opener():
    doc = parse("FROM a\nRUN cat << EOF > /f\nhi\nEOF\nUSER nobody\n")
    assert [i.keyword for i in doc.instructions] == ["FROM", "RUN", "USER"]
    assert doc.instructions[1].heredocs[0].name == "EOF"


def test_heredoc_in_onbuild():
    ob = parse("FROM a\nONBUILD RUN <<EOF\necho\nEOF\n").instructions[1]
    assert ob.child.heredocs[0].body == "echo\n"
    assert ob.span.end_line == 4


def test_heredoc_not_in_json_or_other_instructions():
    doc = parse('FROM a\nENV X=<<EOF\nRUN ["cat", "<<EOF"]\n')
    assert all(not i.heredocs for i in doc.instructions)


def test_unterminated_heredoc_resumes_after_the_opener():
    doc = parse("FROM a\nRUN <<EOF\necho hi\nUSER x\n")
    assert ("unterminated-heredoc", 2) in [(d.rule, d.span.line) for d in doc.diagnostics]
    assert [i.keyword for i in doc.instructions][-1] == "USER"


def test_terminator_with_trailing_space_does_not_close():
    doc = parse("FROM a\nRUN <<EOF\nx\nEOF \nEOF\n")
    assert doc.instructions[1].heredocs[0].body == "x\nEOF \n"


# -- what BuildKit refuses ----------------------------------------------------


@pytest.mark.parametrize(
    "text,rule",
    [
        ("", "no-instructions"),
        ("# only\n# comments\n", "no-instructions"),
        ("FROM a\nCOPY only-one\n", "wrong-argument-count"),
        ("FROM a\nRUN --mount=type=nope x\n", "invalid-mount"),
        ("FROM a\nRUN --mont=type=cache x\n", "unknown-flag"),
        ("FROM a\nCOPY --link=maybe a b\n", "invalid-flag"),
        ("FROM a\nCOPY --from a b\n", "invalid-flag"),
        ("FROM a\nONBUILD ONBUILD RUN x\n", "invalid-onbuild-trigger"),
        ("FROM a\nSHELL sh -c\n", "shell-not-json"),
        ("FROM a\nHEALTHCHECK RUN x\n", "invalid-healthcheck"),
        ("FROM a\nENV =x\n", "blank-name"),
        ("FROM a\nCOPY a <<EOF\nx\nEOF\n", "heredoc-destination"),
    ],
)
def test_refusals(text, rule):
    assert rule in [d.rule for d in parse(text).diagnostics]


def test_mount_options_buildkit_accepts():
    for flag in (
        "--mount=from=binaries",
        "--mount=type=bind,source=/,target=/x,ro",
        "--mount=dst=/x,type=cache,sharing=locked,id=a,mode=0755,uid=1",
        "--mount=type=secret,id=tok,env=TOKEN,required",
        "--mount=type=tmpfs,target=/t,size=64m",
        '--mount="type=ssh"',
    ):
        assert not parse(f"FROM a\nRUN {flag} true\n").diagnostics, flag


def test_a_long_line_is_reported_and_skipped():
    doc = parse("FROM a\nRUN echo " + "x" * 70_000 + "\nUSER nobody\n")
    assert [d.rule for d in doc.diagnostics] == ["line-too-long"]
    assert [i.keyword for i in doc.instructions] == ["FROM", "USER"]


def test_binary_and_bad_encodings_never_crash():
    for data in (b"\x00\x01\x02FROM", b"\xff\xfeF\x00R\x00", b"FROM a\nRUN echo \xff\xfe\n", bytes(range(256)) * 40):
        text, problems = decode(data)
        parse(text)
        assert problems


def test_a_100000_line_file_parses():
    text = "FROM a\n" + "RUN echo line\n" * 100_000
    assert len(parse(text).instructions) == 100_001


def test_cli_never_tracebacks_on_bad_input(tmp_path):
    cases = {
        "bin": b"\x00\x01\x02\x03" * 100,
        "utf16": "FROM a\n".encode("utf-16"),
        "long": b"FROM a\nRUN " + b"y" * 70_000 + b"\n",
        "nul": b"FROM a\nRUN echo \x00\n",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        proc = subprocess.run([sys.executable, "-m", "dflint", "check", str(path)], capture_output=True, text=True)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode in (1, 2)
    proc = subprocess.run([sys.executable, "-m", "dflint", "check", str(tmp_path / "missing")], capture_output=True, text=True)
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_parse_command_json_and_errors(tmp_path):
    good = tmp_path / "Dockerfile"
    good.write_text("FROM a\nRUN <<EOF\nx\nEOF\n")
    proc = subprocess.run([sys.executable, "-m", "dflint", "parse", str(good)], capture_output=True, text=True)
    assert proc.returncode == 0
    import json

    data = json.loads(proc.stdout)
    assert data["instructions"][1]["heredocs"][0]["body"] == "x\n"
    bad = tmp_path / "bad"
    bad.write_text("FROM a\nRUN <<EOF\nx\n")
    proc = subprocess.run([sys.executable, "-m", "dflint", "parse", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2 and f"{bad}:2:" in proc.stderr
