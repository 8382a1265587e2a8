"""Shell analysis: which scripts a Dockerfile runs, their interpreter, commands and spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dflint.shell.parse as shell_parse
from dflint.engine.context import LintContext, LintOptions
from dflint.shell import scripts, shell_of
from dflint.shell.lexer import tokenize, unquote
from dflint.syntax import parse


def _scripts(text: str):
    return scripts(LintContext(parse(text), LintOptions()))


def _words(script):
    return [c.words for c in script.commands]


@pytest.fixture(params=["tree-sitter", "tokenizer"])
def parser(request, monkeypatch):
    """Run a test with each parser: tree-sitter-bash (when installed) and the fallback lexer."""
    if request.param == "tree-sitter":
        pytest.importorskip("tree_sitter_bash")
    else:
        monkeypatch.setattr(shell_parse, "_tree_sitter", lambda: None)
    return request.param


# --- the lexer ---------------------------------------------------------------------------------


def test_operators_split_only_outside_quotes_and_substitutions():
    tokens = tokenize("""echo "a && b" 'c;d' $(x && y) `p | q` && ls; z | w""")
    ops = [t.text for t in tokens if t.kind == "op"]
    assert ops == ["&&", ";", "|"]


def test_heredoc_bodies_are_skipped_by_the_lexer():
    tokens = tokenize("cat <<EOF > /x\nsudo rm -rf / && x\nEOF\necho done\n")
    words = [t.text for t in tokens if t.kind == "word"]
    assert "sudo" not in words and words[-1] == "done"
    assert [t.kind for t in tokens].count("heredoc") == 1


def test_tab_stripping_heredoc_terminator_is_found():
    tokens = tokenize("cat <<-EOF\n\tbody\n\tEOF\nls\n")
    assert [t.text for t in tokens if t.kind == "word"][-1] == "ls"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ('"a b"', "a b"),
        ("'it''s'", "its"),
        (r"a\ b", "a b"),
        (r'"say \"hi\" \$x"', 'say "hi" $x'),
        ("pre'$HOME'post", "pre$HOMEpost"),
        ('"$(echo "x y")"', '$(echo "x y")'),
        ("$'a b'", "a b"),
        ('"unterminated', "unterminated"),
    ],
)
def test_unquote(raw, expected):
    assert unquote(raw) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\n;&|()<>'\"\\$`{}#-=EOF")), max_size=60))
def test_lexer_and_parsers_never_crash(text):
    tokenize(text)
    doc = parse("FROM alpine:3.20\nRUN " + text.replace("\n", " ") + "\n")
    for script in _scripts(doc.text):
        for cmd in script.commands:
            cmd.span  # noqa: B018 - mapping must not fail either


# --- commands ----------------------------------------------------------------------------------


def test_commands_operators_and_pipelines(parser):
    (script,) = _scripts("FROM alpine:3.20\nRUN A=1 apt-get update && curl -fsSL x | tar -xz ; echo \"done && gone\" || true\n")
    cmds = script.commands
    assert [c.words for c in cmds] == [["apt-get", "update"], ["curl", "-fsSL", "x"], ["tar", "-xz"], ["echo", "done && gone"], ["true"]]
    assert [c.operator for c in cmds] == ["&&", "|", ";", "||", None]
    assert [c.in_pipeline for c in cmds] == [False, True, True, False, False]
    assert cmds[0].assignments == ["A=1"]
    assert script.parser == parser


def test_control_flow_keywords_are_not_commands(parser):
    text = (
        "FROM alpine:3.20\n"
        'RUN if [ -n "$X" ]; then apk add a; else apk add b; fi && '
        "for f in 1 2; do echo $f; done && "
        'case "$(uname -m)" in x86_64) arch=amd64;; aarch64) echo arm;; esac\n'
    )
    (script,) = _scripts(text)
    names = [c.name for c in script.commands]
    assert "if" not in names and "for" not in names and "case" not in names and "fi" not in names
    assert ["apk", "add", "a"] in _words(script) and ["apk", "add", "b"] in _words(script)
    assert ["echo", "$f"] in _words(script) and ["echo", "arm"] in _words(script)


def test_unparseable_script_falls_back_to_the_lexer():
    pytest.importorskip("tree_sitter_bash")
    # An unterminated quote is a syntax error for tree-sitter; the lexer runs it to the end.
    (script,) = _scripts("FROM alpine:3.20\nRUN if true; then sudo apt-get install x; fi; echo 'open\n")
    assert ["sudo", "apt-get", "install", "x"] in _words(script)
    assert script.parser == "tokenizer"


def test_unwrapped_sees_through_sudo_and_env(parser):
    (script,) = _scripts("FROM alpine:3.20\nRUN sudo -E env DEBIAN_FRONTEND=noninteractive apt-get install -y x\n")
    (cmd,) = script.commands
    assert cmd.name == "sudo"
    assert cmd.unwrapped().words == ["apt-get", "install", "-y", "x"]


# --- spans -------------------------------------------------------------------------------------


def test_spans_follow_continuation_lines(parser):
    text = "FROM alpine:3.20\nRUN --mount=type=cache,target=/x apk update && \\\n    apk add curl\n"
    (script,) = _scripts(text)
    first, second = script.commands
    assert (first.span.line, first.span.column, first.span.end_column) == (2, 34, 44)
    assert (second.span.line, second.span.column, second.span.end_line, second.span.end_column) == (3, 5, 3, 17)
    assert (second.word_span(2).line, second.word_span(2).column) == (3, 13)


def test_spans_of_heredoc_bodies_including_tab_stripping(parser):
    text = "FROM alpine:3.20\nRUN <<-EOF\n\techo a\n\t\tapk add curl\n\tEOF\n"
    (script,) = _scripts(text)
    echo, apk = script.commands
    assert (echo.span.line, echo.span.column, echo.span.end_column) == (3, 2, 8)
    assert (apk.span.line, apk.span.column, apk.span.end_column) == (4, 3, 15)


def test_span_of_onbuild_run(parser):
    (script,) = _scripts("FROM alpine:3.20\nONBUILD RUN echo x && sudo ls\n")
    assert script.instruction.keyword == "ONBUILD" and script.run.keyword == "RUN"
    sudo = script.commands[1]
    assert (sudo.span.line, sudo.span.column, sudo.span.end_column) == (2, 23, 30)


def test_spans_with_non_ascii_text(parser):
    (script,) = _scripts('FROM alpine:3.20\nRUN echo "héllo wörld" && sudo ls\n')
    sudo = script.commands[1]
    assert (sudo.span.column, sudo.span.end_column) == (27, 34)


# --- which scripts and which interpreter --------------------------------------------------------


def test_heredoc_interpreters():
    text = (
        "FROM debian:12\n"
        "RUN <<EOF\necho sh\nEOF\n"
        "RUN <<EOF python3\nprint('x' | 1)\nEOF\n"
        "RUN python3 <<EOF\nimport os\nEOF\n"
        "RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n"
        "RUN <<EOF bash\necho bash\nEOF\n"
        "RUN bash -s -- arg <<EOF\necho bash2\nEOF\n"
        "RUN cat <<EOF > /etc/x\nnot | a && script\nEOF\n"
        "RUN bash -c 'echo $0' <<EOF\ndata\nEOF\n"
    )
    found = [(s.interpreter, s.text.strip()) for s in _scripts(text) if s.heredoc is not None]
    assert found == [
        ("sh", "echo sh"),
        ("python3", "print('x' | 1)"),
        ("python3", "import os"),
        ("python3", "#!/usr/bin/env python3\nprint(1)"),
        ("bash", "echo bash"),
        ("bash", "echo bash2"),
    ]


def test_python_bodies_are_never_shell_parsed(monkeypatch):
    called = []
    original = shell_parse.parse_commands
    monkeypatch.setattr(shell_parse, "parse_commands", lambda s: called.append(s.text) or original(s))
    (_, body) = _scripts("FROM debian:12\nRUN <<EOF python3\nimport os; os.system('sudo x | y')\nEOF\n")
    assert body.interpreter == "python3" and not body.is_shell
    assert body.commands == []
    assert not any("import" in t for t in called)


def test_shell_changes_are_honoured():
    text = (
        "FROM debian:12 AS base\n"
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        "RUN echo in-bash\n"
        "FROM base\n"
        "RUN echo inherited\n"
        "FROM debian:12\n"
        "RUN echo default\n"
        'SHELL ["pwsh", "-Command"]\n'
        "RUN Get-ChildItem | Out-Null\n"
    )
    found = [(s.interpreter, s.is_shell, len(s.commands)) for s in _scripts(text)]
    assert found == [("bash", True, 1), ("bash", True, 1), ("sh", True, 1), ("pwsh", False, 0)]


def test_windows_base_images_default_to_cmd():
    doc = parse("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir && echo x\n")
    ctx = LintContext(doc, LintOptions())
    assert shell_of(ctx, doc.instructions[1])[0] == "cmd"
    assert [s.is_shell for s in scripts(ctx)] == [False]


def test_exec_form_run_of_a_shell_is_a_script(parser):
    text = 'FROM alpine:3.20\nRUN ["/bin/bash", "-o", "pipefail", "-euc", "echo \\"x\\" && sudo ls | wc"]\nRUN ["python3", "-c", "print(1)"]\nRUN ["echo", "x"]\n'
    (script,) = _scripts(text)
    assert (script.interpreter, script.shell) == ("bash", ("/bin/bash", "-o", "pipefail", "-euc"))
    echo, sudo, wc = script.commands
    line = text.splitlines()[1]
    assert line[echo.span.column - 1 : echo.span.end_column - 1] == 'echo \\"x\\"'
    assert line[sudo.span.column - 1 : sudo.span.end_column - 1] == "sudo ls"
    assert line[wc.span.column - 1 : wc.span.end_column - 1] == "wc"


def test_scripts_are_memoised_per_file():
    ctx = LintContext(parse("FROM alpine:3.20\nRUN echo x\n"), LintOptions())
    assert scripts(ctx) is scripts(ctx)


# --- ShellCheck passthrough (optional binary) ---------------------------------------------------


def _shellcheck(text: str):
    import shutil

    if not shutil.which("shellcheck"):
        pytest.skip("shellcheck is not installed")
    from dflint.engine.linter import Selection, lint_document

    options = LintOptions(shellcheck=True)
    return lint_document(parse(text), options=options, selection=Selection(select=frozenset({"DF601"})))


def test_shellcheck_positions_map_into_continuations_and_heredocs():
    text = (
        "FROM debian:12\n"
        "RUN echo hi && \\\n"
        "    cd /x\n"
        "RUN <<-EOF\n"
        "\t#!/bin/bash\n"
        "\techo $nope\n"
        "\tEOF\n"
    )
    found = {(f.data["shellcheck"], f.span.line, f.span.column, f.span.end_column) for f in _shellcheck(text)}
    assert ("SC2164", 3, 5, 10) in found
    assert ("SC2154", 6, 7, 12) in found


def test_shellcheck_knows_args_and_skips_python_and_honours_ignores():
    text = (
        "FROM debian:12\n"
        "ARG version=1\n"
        "RUN echo \"$version\"\n"
        "RUN <<EOF python3\n"
        "print((1))\n"
        "EOF\n"
        "# hadolint ignore=SC2164\n"
        "RUN cd /y\n"
        "RUN cat <<EOF > /x\n"
        "$undefined_in_data\n"
        "EOF\n"
    )
    assert [(f.data["shellcheck"], f.span.line) for f in _shellcheck(text)] == []


def test_shellcheck_is_off_unless_requested():
    from dflint.engine.linter import Selection, lint_document

    findings = lint_document(parse("FROM debian:12\nRUN cd /x\n"), options=LintOptions(), selection=Selection(select=frozenset({"DF601"})))
    assert findings == []


def test_only_the_last_stdin_heredoc_of_a_command_is_its_script():
    text = "FROM debian:12\nRUN <<A <<B bash -s\necho a\nA\necho b\nB\nRUN 3<<C bash\necho c\nC\n"
    assert [s.text for s in _scripts(text) if s.heredoc is not None] == ["echo b\n"]


def test_unwrapped_skips_wrapper_option_values(parser):
    (script,) = _scripts("FROM alpine:3.20\nRUN sudo -u app nice -n 5 pip install x\n")
    assert script.commands[0].unwrapped().words == ["pip", "install", "x"]


def test_shellcheck_never_sees_python_or_data_heredocs():
    """peers.md §2: hadolint sends `RUN <<EOF python3` to ShellCheck and gets SC1088."""
    from pathlib import Path

    text = (Path(__file__).parent / "fixtures" / "practice" / "heredoc-run.Dockerfile").read_text(encoding="utf-8")
    findings = _shellcheck(text)
    assert [f for f in findings if f.span.line >= 12] == []
    assert not any(f.data["shellcheck"] in ("SC1088", "SC1044", "SC1072") for f in findings)
