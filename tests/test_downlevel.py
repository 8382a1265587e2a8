"""Down-level rewrites: the exec form runs what BuildKit runs; edits leave valid Dockerfiles."""

from __future__ import annotations

import subprocess

import pytest

from dflint.engine.context import LintOptions
from dflint.engine.linter import Selection, lint_document
from dflint.fix.apply import apply_edits
from dflint.fix.downlevel import (
    copy_chmod,
    copy_link,
    drop_from_platform,
    emulate_mounts,
    heredoc_copy,
    heredoc_run,
    platform_values,
)
from dflint.knowledge.targets import parse_target
from dflint.syntax import parse
from dflint.verify.errors import BuildFailure, FailureKind
from dflint.verify.mapping import map_outcome, messages_match


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
    _, doc = rewrite(text, lambda d: heredoc_copy(d.instructions[2], user="app", scratch=False))
    assert [i.keyword for i in doc.instructions] == ["FROM", "USER", "USER", "RUN", "USER"]


def test_link_is_dropped_cleanly():
    out, _ = rewrite("FROM a\nCOPY --link a /b\n", lambda d: copy_link(d.instructions[1], d.lines))
    assert out == "FROM a\nCOPY a /b\n"


def _mount_run(tmp_path, flags: str, command: str, user=None):
    """Rewrite `RUN <flags> <command>` (paths under tmp_path) and return the new instructions."""
    text = f"FROM a\nRUN {flags} \\\n    {command}\n"
    _, doc = rewrite(text, lambda d: emulate_mounts(d.instructions[1], user=user))
    assert emulate_mounts(parse(text).instructions[1], user=user).safety == "unsafe"
    return doc.instructions[1:]


def test_cache_mount_leaves_an_empty_mount_point_and_hides_nothing(tmp_path):
    cache = tmp_path / "cache"
    (run,) = _mount_run(tmp_path, f"--mount=type=cache,target={cache}", f"echo warm > {cache}/x && echo ok > {tmp_path}/ok")
    proc = sh(run.args)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "ok").read_text() == "ok\n"
    assert cache.is_dir() and list(cache.iterdir()) == []  # as BuildKit leaves a mount point


def test_existing_content_is_hidden_during_the_command_and_restored(tmp_path):
    target = tmp_path / "t"
    target.mkdir()
    (target / "kept").write_text("kept\n")
    (run,) = _mount_run(tmp_path, f"--mount=type=tmpfs,target={target}", f"ls {target} > {tmp_path}/seen; touch {target}/junk")
    assert sh(run.args).returncode == 0
    assert (tmp_path / "seen").read_text() == ""  # the command saw an empty directory
    assert sorted(p.name for p in target.iterdir()) == ["kept"]


def test_exit_status_of_the_command_is_kept(tmp_path):
    (run,) = _mount_run(tmp_path, f"--mount=type=cache,target={tmp_path}/c", "exit 7")
    assert sh(run.args).returncode == 7


def test_bind_mount_is_copied_to_a_temporary_path_and_removed(tmp_path):
    (copy, run) = _mount_run(tmp_path, f"--mount=type=bind,from=build,source=/out,target={tmp_path}/m", "true")
    assert copy.keyword == "COPY" and copy.flag("from").value == "build"
    assert copy.args == ["/out", f"{tmp_path}/m.dflint-mount"]
    staged = tmp_path / "m.dflint-mount"
    staged.mkdir()
    (staged / "file").write_text("data")
    assert sh([*run.args[:3], "dflint-mounts", "/bin/sh", "-c", f"cat {tmp_path}/m/file > {tmp_path}/got"]).returncode == 0
    assert (tmp_path / "got").read_text() == "data"
    assert not staged.exists() and list((tmp_path / "m").iterdir()) == []


def test_mounts_under_another_user_are_made_as_root(tmp_path):
    instructions = _mount_run(tmp_path, "--mount=type=cache,target=/c", "make", user="app")
    assert [i.keyword for i in instructions] == ["USER", "RUN", "USER", "RUN", "USER", "RUN", "USER"]
    assert instructions[3].args == ["/bin/sh", "-c", "make"]
    assert instructions[-1].args == ["app"]


def test_heredoc_with_a_mount_runs_the_heredoc_argv(tmp_path):
    text = f"FROM a\nRUN --mount=type=cache,target={tmp_path}/c <<EOF\necho hi > {tmp_path}/h\nEOF\n"
    _, doc = rewrite(text, lambda d: emulate_mounts(d.instructions[1], user=None))
    assert sh(doc.instructions[1].args).returncode == 0
    assert (tmp_path / "h").read_text() == "hi\n"


@pytest.mark.parametrize(
    "flags",
    [
        "--mount=type=secret,id=t --mount=type=cache,target=/c",
        "--mount=type=ssh",
        "--mount=type=cache,target=$DIR",
        "--mount=type=cache,target=/c,from=stage",
        "--mount=type=cache,target=/c --network=host",
    ],
)
def test_mounts_that_cannot_be_emulated_exactly_are_left_alone(flags):
    doc = parse(f"FROM a\nRUN {flags} make\n")
    assert emulate_mounts(doc.instructions[1], user=None) is None


def test_platform_values_follow_buildkit_normalisation():
    values = platform_values("linux/arm64/v8")
    assert values["TARGETPLATFORM"] == "linux/arm64" and values["TARGETVARIANT"] == ""
    assert platform_values("linux/arm/v7")["BUILDVARIANT"] == "v7"


def test_build_platform_flag_is_dropped_for_one_platform():
    text = "FROM --platform=$BUILDPLATFORM alpine AS b\n"
    out, _ = rewrite(text, lambda d: drop_from_platform(d.instructions[0], d.lines, platform_values("linux/amd64")))
    assert out == "FROM alpine AS b\n"
    fixed = parse("FROM --platform=${BUILDPLATFORM:-linux/amd64} alpine\n")
    assert drop_from_platform(fixed.instructions[0], fixed.lines, platform_values("linux/amd64")) is None


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


# --- the rewrites attached to DF201 findings ---------------------------------



def df201(text: str, *targets: str, platforms=(), path=None):
    options = LintOptions(targets=tuple(parse_target(t) for t in targets), platforms=tuple(platforms))
    return lint_document(parse(text), path=path, options=options, selection=Selection(select=frozenset({"DF201"})))


HEREDOC = "FROM alpine\nRUN <<EOF\necho hi\nEOF\n"


def test_fix_is_offered_only_where_no_pin_helps():
    legacy, docker = df201(HEREDOC, "legacy:20.10", "docker:20.10")
    assert legacy.data["target"] == "legacy:20.10" and legacy.fix is not None
    assert docker.data["target"] == "docker:20.10" and docker.fix is None  # DF205's pin is the fix there
    assert df201(HEREDOC, "buildkit") == []


def test_heredoc_fix_uses_the_shell_set_in_a_parent_stage():
    text = 'FROM alpine AS base\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nFROM base\nRUN <<EOF\necho hi\nEOF\n'
    (finding,) = df201(text, "legacy:20.10")
    out, _ = apply_edits(text, [finding.fix])
    assert 'RUN ["/bin/bash", "-eo", "pipefail", "-c", "echo hi\\n"]' in out


def test_heredoc_copy_fix_writes_as_root_and_restores_the_user():
    text = "FROM alpine\nUSER nobody\nCOPY <<EOF /x\nhi\nEOF\n"
    (finding,) = df201(text, "legacy:20.10")
    out, _ = apply_edits(text, [finding.fix])
    assert [i.keyword for i in parse(out).instructions] == ["FROM", "USER", "USER", "RUN", "USER"]
    assert out.splitlines()[-1] == "USER nobody"


def test_secret_and_ssh_mounts_say_what_to_do_instead():
    (secret,) = df201("FROM alpine\nRUN --mount=type=secret,id=t make\n", "legacy:20.10")
    assert secret.fix is None and "pre-built image" in secret.message and "CI platform" in secret.message
    (ssh,) = df201("FROM alpine\nRUN --mount=type=ssh git clone x\n", "legacy:20.10")
    assert ssh.fix is None and "never rewrites an SSH mount" in ssh.message


def test_platform_rewrite_needs_exactly_one_platform():
    text = "FROM --platform=$BUILDPLATFORM alpine\n"
    (none,) = df201(text, "legacy:20.10")
    assert none.fix is None and "exactly one --platform" in none.message
    (one,) = df201(text, "legacy:20.10", platforms=["linux/arm64"])
    assert one.fix.safety == "unsafe" and "linux/arm64" in one.fix.description
    (arg,) = df201("FROM alpine\nARG TARGETARCH\n", "legacy:20.10", platforms=["linux/arm64"])
    assert arg.fix is None and "--build-arg TARGETARCH=arm64" in arg.message


def test_chmod_of_a_context_directory_is_not_rewritten(tmp_path):
    (tmp_path / "bin").mkdir()
    text = "FROM alpine\nCOPY --chmod=755 bin /usr/local/bin\n"
    (finding,) = df201(text, "legacy:20.10", path=str(tmp_path / "Dockerfile"))
    assert finding.fix is None and "directory or an archive" in finding.message
    (tmp_path / "bin").rmdir()
    (tmp_path / "bin").write_text("#!/bin/sh\n")
    (finding,) = df201(text, "legacy:20.10", path=str(tmp_path / "Dockerfile"))
    assert finding.fix is not None


# --- verify: mapping a build outcome onto the findings ------------------------


LINK_AND_CHMOD = "FROM alpine\nCOPY --chmod=755 a /a\nRUN true\nCOPY --link b /b\n"


def verdicts(text, failure, target="legacy:20.10"):
    doc = parse(text)
    return [(v.status, v.finding.span.line) for v in map_outcome(df201(text, target), doc, failure)]


def test_messages_match_loosely_but_really():
    assert messages_match("dockerfile parse error line 3: unknown instruction: ECHO", "Dockerfile parse error line 3: Unknown instruction: ECHO.")
    assert not messages_match("dockerfile parse error line 3: unknown instruction: ECHO", "dockerfile parse error line 7: unknown flag: link")
    assert not messages_match("the --mount option requires BuildKit", "The command '/bin/sh -c make' returned a non-zero code: 2")


def test_failure_at_the_line_with_the_message_confirms_and_later_ones_are_inconclusive():
    failure = BuildFailure(2, "the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled", FailureKind.REQUIRES_BUILDKIT)
    assert verdicts(LINK_AND_CHMOD, failure) == [("confirmed", 2), ("inconclusive", 4)]


def test_a_build_that_passes_or_gets_further_refutes():
    assert verdicts(LINK_AND_CHMOD, None) == [("refuted", 2), ("refuted", 4)]
    later = BuildFailure(3, "The command '/bin/sh -c true' returned a non-zero code: 1", FailureKind.RUN_FAILED)
    assert verdicts(LINK_AND_CHMOD, later)[0] == ("refuted", 2)


def test_parser_errors_further_down_do_not_refute_step_time_failures():
    parse_error = BuildFailure(4, "dockerfile parse error line 4: Unknown flag: link", FailureKind.UNKNOWN_FLAG)
    assert verdicts(LINK_AND_CHMOD, parse_error) == [("inconclusive", 2), ("confirmed", 4)]


def test_a_base_image_that_cannot_be_pulled_is_inconclusive():
    pull = BuildFailure(1, "pull access denied for alpine", FailureKind.BASE_IMAGE_UNAVAILABLE)
    assert {status for status, _ in verdicts(LINK_AND_CHMOD, pull)} == {"inconclusive"}


class _Image:
    def __init__(self, files, contents=None):
        self._files, self._contents = files, contents or {}

    def files(self):
        return self._files

    def read(self, path):
        if path not in self._contents:
            raise FileNotFoundError(path)
        return self._contents[path]


def test_a_dropped_chmod_is_confirmed_or_refuted_by_the_file_mode():
    from dflint.verify.inspect import ImageFile

    text = "FROM alpine\nCOPY --chmod=u+x a /a\n"  # docker:20.10 builds it and drops the symbolic mode
    doc = parse(text)
    findings = df201(text, "docker:20.10")
    assert [f.severity for f in findings] == ["warning"]
    plain = ImageFile("/a", "file", 0o644, 0, 0, 1, "x", None)
    executable = ImageFile("/a", "file", 0o744, 0, 0, 1, "x", None)
    assert map_outcome(findings, doc, None, _Image({"/a": plain}))[0].status == "confirmed"
    assert map_outcome(findings, doc, None, _Image({"/a": executable}))[0].status == "refuted"
    assert map_outcome(findings, doc, None, None)[0].status == "inconclusive"


def test_verify_exit_code_is_1_only_when_a_finding_is_refuted(monkeypatch, tmp_path, capsys):
    import argparse

    from dflint.commands import verify
    from dflint.verify.detect import Availability
    from dflint.verify.mapping import Verdict

    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(LINK_AND_CHMOD)
    (finding, _) = df201(LINK_AND_CHMOD, "legacy:20.10")
    statuses = iter([["confirmed", "inconclusive"], ["refuted", "confirmed"]])

    def fake_verify(path, builder, **_):
        verdicts = [Verdict(finding, status, "because") for status in next(statuses)]
        return verify.Verification(path, "legacy", "legacy:20.10.24", "Docker Engine 20.10.24", False,
                                   BuildFailure(2, "boom", FailureKind.OTHER), "/tmp/log", 1.0, verdicts)

    monkeypatch.setattr(verify, "choose_builder", lambda name, env=None: Availability("legacy", True, "ok", "20.10.24"))
    monkeypatch.setattr(verify, "verify_file", fake_verify)
    parser = argparse.ArgumentParser()
    verify.add_arguments(parser)
    args = parser.parse_args([str(dockerfile)])
    assert verify.run(args) == 0
    assert verify.run(args) == 1
    assert "1 refuted" in capsys.readouterr().out
    assert verify.run(parser.parse_args([str(tmp_path / "missing")])) == 2


def test_builders_map_to_dflint_targets():
    from dflint.commands.verify import target_for

    assert target_for("legacy", "20.10.24+dfsg1") == "legacy:20.10.24"
    assert target_for("docker", "28.2.2") == "docker:28.2.2"
    assert target_for("buildah", "1.28.2") == "buildah:1.28.2"
    assert target_for("buildx", "v0.12.5") == "buildkit:0.12.5"
    assert target_for("buildctl", None) == "buildkit"
