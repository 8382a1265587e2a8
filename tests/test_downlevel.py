"""Down-level rewrites: the exec form runs what BuildKit runs; edits leave valid Dockerfiles."""

from __future__ import annotations

import json
import subprocess

import pytest

from dflint.fix.apply import apply_edits
from dflint.fix.downlevel import cache_mounts, copy_chmod, copy_link, heredoc_copy, heredoc_run
from dflint.syntax import parse


def rewrite(text: str, make):
    doc = parse(text)
    fix = make(doc)
    assert fix is not None
    out, _ = apply_edits(text, [fix])
    new = parse(out)
    assert not new.diagnostics, new.diagnostics
    return out, new


def argv_of(doc, index=1):
    ins = doc.instructions[index]
    assert ins.json_form
    return ins.args


def sh(argv):
    """Run an argv as the builder would (exec form), here with the host's /bin/sh."""
    return subprocess.run(argv, capture_output=True, text=True, check=False)


def test_simple_heredoc_becomes_the_same_shell_invocation():
    text = "FROM a\nRUN <<EOF\necho one\nif true; then\n  echo two\nfi\nEOF\n"
    _, doc = rewrite(text, lambda d: heredoc_run(d.instructions[1]))
    argv = argv_of(doc)
    assert argv == ["/bin/sh", "-c", "echo one\nif true; then\n  echo two\nfi\n"]
    assert sh(argv).stdout == "one\ntwo\n"


def test_tab_stripping_heredoc_uses_the_stripped_body():
    text = "FROM a\nRUN <<-EOF\n\techo tab\n\tEOF\n"
    _, doc = rewrite(text, lambda d: heredoc_run(d.instructions[1]))
    assert argv_of(doc)[-1] == "echo tab\n"


def test_heredoc_inside_a_command_is_handed_to_the_shell(tmp_path):
    target = tmp_path / "f"
    text = f"FROM a\nRUN cat <<'X' > {target}\nhi $HOME\nX\n"
    _, doc = rewrite(text, lambda d: heredoc_run(d.instructions[1]))
    proc = sh(argv_of(doc))
    assert proc.returncode == 0 and target.read_text() == "hi $HOME\n"


def test_shebang_heredoc_runs_as_a_script_and_keeps_the_exit_status():
    text = "FROM a\nRUN <<EOF\n#!/bin/sh\necho from-script\nexit 3\nEOF\n"
    _, doc = rewrite(text, lambda d: heredoc_run(d.instructions[1]))
    proc = sh(argv_of(doc))
    assert proc.stdout == "from-script\n" and proc.returncode == 3


def test_custom_shell_is_kept():
    text = 'FROM a\nRUN <<EOF\necho $0\nEOF\n'
    _, doc = rewrite(text, lambda d: heredoc_run(d.instructions[1], ("/bin/bash", "-c")))
    assert argv_of(doc)[:2] == ["/bin/bash", "-c"]


def test_heredoc_copy_writes_same_bytes_and_mode(tmp_path):
    dest = tmp_path / "etc" / "app.conf"
    text = f"FROM a\nCOPY --chmod=600 <<EOF {dest}\nkey=value\nother\nEOF\n"
    _, doc = rewrite(text, lambda d: heredoc_copy(d.instructions[1], user=None, scratch=False))
    assert sh(argv_of(doc)).returncode == 0
    assert dest.read_text() == "key=value\nother\n"
    assert oct(dest.stat().st_mode & 0o777) == "0o600"


def test_heredoc_copy_refuses_what_it_cannot_reproduce():
    expanding = parse("FROM a\nCOPY <<EOF /x\n$HOME\nEOF\n")
    assert heredoc_copy(expanding.instructions[1], user=None, scratch=False) is None
    scratch = parse("FROM scratch\nCOPY <<EOF /x\nhi\nEOF\n")
    assert heredoc_copy(scratch.instructions[1], user=None, scratch=True) is None


def test_heredoc_copy_runs_as_root_under_another_user():
    text = "FROM a\nUSER app\nCOPY <<EOF /x\nhi\nEOF\n"
    out, doc = rewrite(text, lambda d: heredoc_copy(d.instructions[2], user="app", scratch=False))
    assert [i.keyword for i in doc.instructions] == ["FROM", "USER", "USER", "RUN", "USER"]


def test_link_and_cache_mounts_are_dropped_cleanly():
    out, _ = rewrite("FROM a\nCOPY --link a /b\n", lambda d: copy_link(d.instructions[1], d.lines))
    assert out == "FROM a\nCOPY a /b\n"
    text = "FROM a\nRUN --mount=type=cache,target=/c \\\n    --mount=type=tmpfs,target=/t make\n"
    doc = parse(text)
    fix = cache_mounts(doc.instructions[1], doc.lines)
    assert fix.safety == "unsafe"
    out, new = rewrite(text, lambda d: cache_mounts(d.instructions[1], d.lines))
    assert new.instructions[1].args == ["make"] and not new.instructions[1].flags


def test_secret_mounts_are_never_dropped():
    doc = parse("FROM a\nRUN --mount=type=secret,id=t --mount=type=cache,target=/c make\n")
    assert cache_mounts(doc.instructions[1], doc.lines) is None


@pytest.mark.parametrize(
    "line,expected",
    [("COPY --chmod=755 run.sh /usr/local/bin/", "RUN chmod 755 /usr/local/bin/run.sh"), ("COPY --chmod=600 k /etc/k", "RUN chmod 600 /etc/k")],
)
def test_chmod_becomes_a_run(line, expected):
    out, doc = rewrite(f"FROM a\n{line}\n", lambda d: copy_chmod(d.instructions[1], d.lines, user=None, scratch=False))
    assert out.splitlines()[-1] == expected
    assert not doc.instructions[1].flags


def test_chmod_of_a_directory_is_not_rewritten():
    doc = parse("FROM a\nCOPY --chmod=755 src/ /app/\n")
    assert copy_chmod(doc.instructions[1], doc.lines, user=None, scratch=False) is None
