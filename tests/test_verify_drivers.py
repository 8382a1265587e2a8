"""Unit tests for dflint.verify: log parsing on real captured logs, detection on
real captured probe outputs (replayed by fake clients), command lines, the
runner's time limit and log capture, and image-archive flattening.

Captured logs live in tests/fixtures/verify-logs (re-captured by
scripts/builders/capture-verify-logs.sh); formats of builders that cannot run
on our machines (modern buildx/BuildKit, buildctl) are transcribed below from
the code that prints them, and say so.
"""

from __future__ import annotations

import io
import json
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

from dflint.verify import detect
from dflint.verify.builders import BuildRequest, build_command
from dflint.verify.errors import FailureKind, diagnose, extract_failure, timeout_failure
from dflint.verify.inspect import ImageArchive, ImageFile, differences
from dflint.verify.run import BuilderNotInstalled, run_build
from dflint.verify.steps import InstructionLines

LOGS = Path(__file__).parent / "fixtures" / "verify-logs"
EXPECTED = json.loads((LOGS / "expected.json").read_text())
CAPTURED_FAILURES = [
    (case, label, expectation)
    for case, labels in EXPECTED.items()
    if not case.startswith("_")
    for label, expectation in labels.items()
    if not expectation.get("succeeds")
]


# --- log parsing on captured logs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "label", "expected"), CAPTURED_FAILURES, ids=[f"{c}/{lb}" for c, lb, _ in CAPTURED_FAILURES]
)
def test_failure_found_in_captured_log(case, label, expected):
    dockerfile = (LOGS / "cases" / case / "Dockerfile").read_text()
    log = (LOGS / "cases" / case / f"{label}.log").read_text()
    failure = extract_failure(expected["builder"], log, InstructionLines.without_heredocs(dockerfile))
    assert failure.kind == expected["kind"]
    assert expected["message"] in failure.message
    assert failure.line == expected["line"]
    if "instruction" in expected:
        assert failure.instruction == expected["instruction"]


def test_every_captured_log_has_an_expectation():
    logs = {(p.parent.name, p.stem) for p in (LOGS / "cases").glob("*/*.log")}
    expected = {(case, label) for case, labels in EXPECTED.items() if not case.startswith("_") for label in labels}
    assert logs == expected


def test_legacy_step_maps_to_line_only_with_instruction_lines():
    log = (LOGS / "cases" / "run-mount" / "legacy-20.10.log").read_text()
    failure = extract_failure("legacy", log)
    assert failure.kind is FailureKind.REQUIRES_BUILDKIT
    assert failure.line is None
    assert failure.instruction.startswith("RUN --mount=type=cache")


def test_pull_failures_are_inconclusive_and_run_failures_are_not():
    pull = (LOGS / "cases" / "pull-unreachable" / "legacy-20.10.log").read_text()
    run = (LOGS / "cases" / "run-fails" / "legacy-20.10.log").read_text()
    assert extract_failure("legacy", pull).inconclusive
    assert not extract_failure("legacy", run).inconclusive


# Transcribed: BuildKit >= v0.10 prints the failing Dockerfile lines
# (solver/errdefs Source.Print: "%s:%d", 20 dashes, " %3d | %s %s"), and buildx
# >= 0.24 prefixes the error with "failed to build:".
MODERN_BUILDX_RUN_FAILURE = """\
#5 [build 2/3] RUN make
#5 0.120 make: *** No targets specified and no makefile found.  Stop.
#5 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2
------
 > [build 2/3] RUN make:
0.120 make: *** No targets specified and no makefile found.  Stop.
------
Dockerfile:4
--------------------
   2 |     FROM alpine AS build
   3 |     WORKDIR /src
   4 | >>> RUN make
   5 |     
   6 |     FROM scratch
--------------------
ERROR: failed to build: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2
"""

MODERN_PARSE_ERROR = """\
#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 95B done
#1 DONE 0.0s
Dockerfile:3
--------------------
   1 |     FROM alpine
   2 |     RUN echo hi
   3 | >>> COPY --bogus a b
   4 |     
--------------------
ERROR: failed to solve: dockerfile parse error on line 3: unknown flag: --bogus
"""

BUILDCTL_RUN_FAILURE = """\
#6 [2/2] RUN false
#6 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1
------
 > [2/2] RUN false:
------
error: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1
"""

# Transcribed: moby's registry errors, and the platform check of Engine <= 28.
PULL_DENIED = (
    "Step 1/2 : FROM nosuchimage\n"
    "pull access denied for nosuchimage, repository does not exist or may require 'docker login': "
    "denied: requested access to the resource is denied\n"
)
MODERN_NOT_FOUND = (
    "ERROR: failed to solve: nosuchimage: failed to resolve source metadata for docker.io/library/nosuchimage:latest: "
    "pull access denied, repository does not exist or may require authorization\n"
)
PLATFORM_MISMATCH = (
    "Step 1/2 : FROM --platform=linux/amd64 dflint-test/busybox:arm64\n"
    "image with reference dflint-test/busybox:arm64 was found but does not match the specified platform: "
    "wanted linux/amd64, actual: linux/arm64\n"
)


def test_modern_buildx_excerpt_gives_line_and_stage_step():
    failure = extract_failure("buildx", MODERN_BUILDX_RUN_FAILURE)
    assert failure.kind is FailureKind.RUN_FAILED
    assert failure.line == 4
    assert failure.message == 'process "/bin/sh -c make" did not complete successfully: exit code: 2'
    assert failure.instruction == "RUN make"


def test_modern_parse_error_names_the_line_and_the_flag():
    failure = extract_failure("buildx", MODERN_PARSE_ERROR)
    assert (failure.kind, failure.line) == (FailureKind.UNKNOWN_FLAG, 3)
    assert failure.message == "dockerfile parse error on line 3: unknown flag: --bogus"


def test_buildctl_step_without_excerpt_maps_through_stage():
    lines = InstructionLines.without_heredocs("FROM a\n\nRUN false\n")
    failure = extract_failure("buildctl", BUILDCTL_RUN_FAILURE, lines)
    assert (failure.kind, failure.line) == (FailureKind.RUN_FAILED, 3)


@pytest.mark.parametrize(
    ("builder", "log", "kind", "line"),
    [
        ("legacy", PULL_DENIED, FailureKind.BASE_IMAGE_UNAVAILABLE, 1),
        ("buildx", MODERN_NOT_FOUND, FailureKind.BASE_IMAGE_UNAVAILABLE, None),
        ("legacy", PLATFORM_MISMATCH, FailureKind.PLATFORM, 1),
    ],
)
def test_transcribed_pull_and_platform_failures(builder, log, kind, line):
    failure = extract_failure(builder, log, InstructionLines.without_heredocs("FROM x\nRUN true\n"))
    assert (failure.kind, failure.line) == (kind, line)


def test_legacy_coloured_stderr_does_not_leak_into_the_message():
    # As printed by the 20.10 legacy builder when a RUN writes to stderr.
    log = (
        "Step 2/2 : RUN ln -s /a /usr/bin/app\n ---> Running in fd0a35183ea9\n"
        "\x1b[91mln: /usr/bin/app: No such file or directory\n"
        "\x1b[0mThe command '/bin/sh -c ln -s /a /usr/bin/app' returned a non-zero code: 1\n"
    )
    failure = extract_failure("legacy", log, InstructionLines.without_heredocs("FROM a\nRUN ln -s /a /usr/bin/app\n"))
    assert failure.message == "The command '/bin/sh -c ln -s /a /usr/bin/app' returned a non-zero code: 1"
    assert failure.line == 2


def test_timeout_is_placed_at_the_step_buildkit_was_running():
    case = LOGS / "cases" / "run-mount"
    log = (case / "buildkit-20.10.log").read_text()  # its last step header: "#6 [stage-0 3/3] RUN --mount=..."
    failure = timeout_failure("docker", log, 30, InstructionLines.without_heredocs((case / "Dockerfile").read_text()))
    assert (failure.kind, failure.line) == (FailureKind.TIMEOUT, 5)
    assert failure.instruction.startswith("RUN --mount=type=cache")


def test_unrecognised_log_reports_its_last_line():
    failure = extract_failure("legacy", "Step 1/1 : FROM x\nsomething odd happened\n\n")
    assert failure.kind is FailureKind.OTHER
    assert failure.message == "something odd happened"


# --- step numbers to lines ---------------------------------------------------------------


def test_instruction_lines_follow_continuations_comments_and_escape():
    text = textwrap.dedent(
        """\
        # escape=`
        FROM base AS build
        RUN echo a `
        # a comment inside the continuation
          b

        FROM build
        COPY . /x
        """
    )
    lines = InstructionLines.without_heredocs(text)
    assert lines.starts == (2, 3, 7, 8)
    assert lines.stage_starts == (2, 7)
    assert lines.stage_names == ("build", None)


def test_heredoc_body_lines_count_as_instructions_for_old_parsers():
    lines = InstructionLines.without_heredocs("FROM a\nRUN <<EOT\necho hi\nEOT\nCOPY a b\n")
    assert lines.starts == (1, 2, 3, 4, 5)


def test_stage_steps_stay_inside_their_stage():
    lines = InstructionLines.without_heredocs("ARG X\nFROM a AS one\nRUN 1\nFROM b\nRUN 2\nRUN 3\n")
    assert lines.of_step(1) == 1
    assert lines.of_step(7) is None
    assert lines.of_stage_step(1, 2) == 3
    assert lines.of_stage_step(1, 3) is None  # would be the next stage's FROM
    assert lines.of_stage_step(2, 3) == 6
    assert lines.of_stage_step(3, 1) is None
    assert lines.stage_number("stage-1") == 2
    assert lines.stage_number("ONE") == 1
    assert lines.stage_number("other") is None


# --- detection, replaying captured probe outputs -------------------------------------------

FAKE_CLIENT = f"""#!{sys.executable}
# Replays tests/fixtures/verify-logs/probes.json for the client named in FAKE_CLIENT.
import json, os, sys
probes = json.load(open(os.environ["FAKE_PROBES"]))
client, variant = os.environ["FAKE_CLIENT"], os.environ.get("FAKE_VARIANT", "")
args = sys.argv[1:]
if args[:2] == ["build", "--help"]:
    args = args[:2]
found = [(name, p) for name, p in sorted(probes.items()) if name.startswith(client + "/") and p["args"] == args]
if len(found) > 1:
    found = [(name, p) for name, p in found if variant in name]
found = [p for _, p in found]
if not found:
    sys.exit(f"fake {{client}}: no captured probe for {{args}}")
sys.stderr.write(found[0]["stderr"])
sys.stdout.write(found[0]["stdout"])
sys.exit(found[0]["exit"])
"""


def _fake_bin(tmp_path: Path, name: str, script: str) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    program = bin_dir / name
    program.write_text(script)
    program.chmod(0o755)
    return bin_dir


def _replay_env(tmp_path: Path, client: str, variant: str = "", **extra: str) -> dict[str, str]:
    bin_dir = _fake_bin(tmp_path, "docker", FAKE_CLIENT)
    return {
        "PATH": str(bin_dir),
        "FAKE_PROBES": str(LOGS / "probes.json"),
        "FAKE_CLIENT": client,
        "FAKE_VARIANT": variant,
        **extra,
    }


def test_detect_no_daemon_names_the_host_tried(tmp_path):
    env = _replay_env(tmp_path, "docker-28", "no-daemon", DOCKER_HOST="unix:///nonexistent/docker.sock")
    found = detect.detect("legacy", env)
    assert not found.usable
    assert found.message == (
        "no Docker daemon reachable at unix:///nonexistent/docker.sock (DOCKER_HOST=unix:///nonexistent/docker.sock)"
    )


def test_detect_docker_28_client_without_buildx_quotes_docker(tmp_path):
    found = detect.detect("docker", _replay_env(tmp_path, "docker-28", "daemon"))
    assert not found.usable
    assert (
        found.message
        == 'no buildx plugin: docker says "BuildKit is enabled but the buildx component is missing or broken"'
    )


def test_detect_docker_20_10_client_uses_engine_buildkit(tmp_path):
    found = detect.detect("docker", _replay_env(tmp_path, "docker-20.10", "daemon"))
    assert found.usable
    assert found.version == "20.10.24+dfsg1"
    assert found.message.startswith("BuildKit of Docker Engine 20.10.24+dfsg1")


@pytest.mark.parametrize(
    ("client", "said"),
    [
        ("docker-28", "docker: unknown command: docker buildx"),
        ("docker-20.10", "docker: 'buildx' is not a docker command."),
    ],
)
def test_detect_buildx_plugin_missing(tmp_path, client, said):
    found = detect.detect("buildx", _replay_env(tmp_path, client))
    assert not found.usable
    assert found.message == f"no buildx plugin: {said}"


@pytest.mark.parametrize(
    ("builder", "message"),
    [
        ("legacy", "no docker client: `docker` is not on PATH"),
        ("buildctl", "no buildctl client: `buildctl` is not on PATH"),
        ("buildah", "no buildah: `buildah` is not on PATH"),
    ],
)
def test_detect_program_not_on_path(tmp_path, builder, message):
    assert detect.detect(builder, {"PATH": str(tmp_path)}) == detect.Availability(builder, False, message)


def test_detect_probe_time_limit(tmp_path):
    bin_dir = _fake_bin(tmp_path, "docker", f"#!{sys.executable}\nimport time; time.sleep(30)\n")
    found = detect.detect("legacy", {"PATH": str(bin_dir)}, timeout=0.5)
    assert not found.usable
    assert "did not answer within 0.5s" in found.message


# Transcribed: `docker buildx inspect` of a docker-container builder that is not booted.
BUILDX_INSPECT_INACTIVE = """Name:          ci
Driver:        docker-container
Last Activity: 2026-08-01 10:00:00 +0000 UTC

Nodes:
Name:      ci0
Endpoint:  unix:///var/run/docker.sock
Status:    inactive
"""

BUILDX_INSPECT_RUNNING = """Name:          default
Driver:        docker

Nodes:
Name:      default
Endpoint:  default
Status:    running
BuildKit:  v0.22.0
Platforms: linux/amd64, linux/386
"""


def _fake_buildx(tmp_path: Path, inspect_output: str) -> dict[str, str]:
    script = f"""#!{sys.executable}
import sys
if sys.argv[1:3] == ["buildx", "version"]:
    print("github.com/docker/buildx v0.24.0 d2d7c3d"); sys.exit(0)
if sys.argv[1:3] == ["buildx", "inspect"]:
    open({str(tmp_path / "inspected")!r}, "w").write(" ".join(sys.argv[3:]))
    sys.stdout.write({inspect_output!r}); sys.exit(0)
sys.exit(2)
"""
    return {"PATH": str(_fake_bin(tmp_path, "docker", script))}


def test_detect_buildx_never_boots_a_container_builder(tmp_path):
    env = {**_fake_buildx(tmp_path, BUILDX_INSPECT_INACTIVE), "BUILDX_BUILDER": "ci"}
    found = detect.detect("buildx", env)
    assert not found.usable
    assert found.message == (
        "buildx builder 'ci' (BUILDX_BUILDER) (driver docker-container) is inactive; "
        "dflint does not start it, as that may pull moby/buildkit"
    )
    assert (tmp_path / "inspected").read_text() == "ci"


def test_detect_buildx_running_builder(tmp_path):
    found = detect.detect("buildx", _fake_buildx(tmp_path, BUILDX_INSPECT_RUNNING))
    assert found.usable
    assert found.version == "v0.22.0"
    assert found.message == "the current buildx builder: driver docker, BuildKit v0.22.0"


def test_detect_buildctl_without_daemon_says_which_address(tmp_path):
    script = f"#!{sys.executable}\nimport sys\nsys.exit('error: failed to dial gRPC: connection refused')\n"
    found = detect.detect("buildctl", {"PATH": str(_fake_bin(tmp_path, "buildctl", script))})
    assert not found.usable
    assert found.message == (
        "no BuildKit daemon reachable (BUILDKIT_HOST unset, buildctl's default unix:///run/buildkit/buildkitd.sock): "
        "error: failed to dial gRPC: connection refused"
    )


def test_detect_rejects_unknown_builder():
    with pytest.raises(ValueError, match="unknown builder 'kaniko'"):
        detect.detect("kaniko", {})


# --- command lines -------------------------------------------------------------------------


def _request(builder: str, **kwargs) -> BuildRequest:
    return BuildRequest(builder, Path("/src/docker/Dockerfile.prod"), Path("/src"), env={"PATH": "/bin"}, **kwargs)


def test_legacy_and_engine_buildkit_differ_only_in_docker_buildkit():
    legacy = build_command(_request("legacy", tag="t:1"), Path("/tmp/id"))
    engine = build_command(_request("docker", tag="t:1"), Path("/tmp/id"))
    assert legacy.argv == [
        "docker",
        "build",
        "-f",
        "/src/docker/Dockerfile.prod",
        "--iidfile=/tmp/id",
        "-t",
        "t:1",
        "/src",
    ]
    assert legacy.env["DOCKER_BUILDKIT"] == "0"
    assert engine.argv[:3] == ["docker", "build", "--progress=plain"]
    assert engine.env["DOCKER_BUILDKIT"] == "1"


def test_buildx_uses_the_existing_builder_and_loads_tags():
    request = BuildRequest(
        "buildx", Path("Dockerfile"), Path("."), tag="t", platform="linux/arm64", env={"BUILDX_BUILDER": "ci"}
    )
    argv = build_command(request, Path("/tmp/id")).argv
    assert argv[:6] == ["docker", "buildx", "build", "--progress=plain", "--builder=ci", "--load"]
    assert "--platform=linux/arm64" in argv
    assert not any(arg.startswith("--driver") or arg == "create" for arg in argv)


def test_buildctl_passes_dockerfile_dir_and_name_as_frontend_options():
    argv = build_command(
        _request("buildctl", platform="linux/arm64", network="host", tag="t:1", build_args={"V": "1"}),
        Path("/tmp/meta.json"),
    ).argv
    assert argv == [
        "buildctl",
        "build",
        "--progress=plain",
        "--frontend=dockerfile.v0",
        "--local=context=/src",
        "--local=dockerfile=/src/docker",
        "--opt=filename=Dockerfile.prod",
        "--metadata-file=/tmp/meta.json",
        "--opt=platform=linux/arm64",
        "--opt=force-network-mode=host",
        "--allow=network.host",
        "--opt=build-arg:V=1",
        "--output=type=image,name=t:1",
    ]


def test_buildah_and_podman_commands():
    assert build_command(_request("buildah", network="host"), Path("/i")).argv == [
        "buildah",
        "bud",
        "-f",
        "/src/docker/Dockerfile.prod",
        "--iidfile=/i",
        "--network=host",
        "/src",
    ]
    assert build_command(_request("podman", build_args={"A": "b"}), Path("/i")).argv[:2] == ["podman", "build"]


def test_unknown_builder_is_refused():
    with pytest.raises(ValueError, match="unknown builder 'kaniko'"):
        _request("kaniko")


# --- running: log capture, image id, time limit ---------------------------------------------

FAKE_BUILDER = f"""#!{sys.executable}
import os, sys, time
args = sys.argv[1:]
print("stdout line", flush=True)
print("stderr line", file=sys.stderr, flush=True)
if os.environ.get("FAKE_SLEEP"):
    time.sleep(float(os.environ["FAKE_SLEEP"]))
iid = [a.split("=", 1)[1] for a in args if a.startswith("--iidfile=")][0]
if os.environ.get("FAKE_FAIL"):
    print("Step 1/1 : RUN false\\nThe command '/bin/sh -c false' returned a non-zero code: 1", flush=True)
    sys.exit(1)
open(iid, "w").write("sha256:abc\\n")
print("DOCKER_BUILDKIT=" + os.environ.get("DOCKER_BUILDKIT", ""))
"""


def _fake_docker_request(tmp_path: Path, **env: str) -> BuildRequest:
    bin_dir = _fake_bin(tmp_path, "docker", FAKE_BUILDER)
    (tmp_path / "Dockerfile").write_text("FROM x\n")
    return BuildRequest("legacy", tmp_path / "Dockerfile", tmp_path, tag="t:1", env={"PATH": str(bin_dir), **env})


def test_run_build_keeps_the_whole_log_and_the_image_id(tmp_path):
    outcome = run_build(_fake_docker_request(tmp_path), timeout=30, log_path=tmp_path / "build.log")
    assert outcome.succeeded
    assert outcome.image_id == "sha256:abc"
    assert outcome.tag == "t:1"
    assert outcome.log == (tmp_path / "build.log").read_text()
    assert "stdout line" in outcome.log and "stderr line" in outcome.log
    assert "DOCKER_BUILDKIT=0" in outcome.log
    assert diagnose(outcome) is None


def test_run_build_failure_has_no_image_and_is_diagnosed(tmp_path):
    outcome = run_build(_fake_docker_request(tmp_path, FAKE_FAIL="1"), timeout=30)
    assert (outcome.exit_status, outcome.image_id, outcome.tag) == (1, None, None)
    failure = diagnose(outcome, InstructionLines.without_heredocs("FROM x\n"))
    assert failure.kind is FailureKind.RUN_FAILED
    assert failure.line == 1
    outcome.log_path.unlink()


def test_run_build_stops_at_the_time_limit(tmp_path):
    outcome = run_build(_fake_docker_request(tmp_path, FAKE_SLEEP="30"), timeout=1, log_path=tmp_path / "b.log")
    assert outcome.timed_out and outcome.exit_status is None and not outcome.succeeded
    assert outcome.duration < 15
    assert "stdout line" in outcome.log
    failure = diagnose(outcome)
    assert failure.kind is FailureKind.TIMEOUT and failure.inconclusive
    assert failure.message == "build did not finish within 1s"


def test_run_build_without_the_program(tmp_path):
    request = BuildRequest("buildah", tmp_path / "Dockerfile", tmp_path, env={"PATH": str(tmp_path)})
    with pytest.raises(BuilderNotInstalled, match="buildah: not found on PATH"):
        run_build(request, log_path=tmp_path / "b.log")


# --- image archives ------------------------------------------------------------------------


def _layer(entries: list[tuple[str, str, bytes | str | None, int]]) -> bytes:
    """A layer tar from (name, type, content-or-linkname, mode) entries."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, kind, payload, mode in entries:
            info = tarfile.TarInfo(name)
            info.mode = mode
            if kind == "file":
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
                continue
            info.type = {"dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE}[kind]
            info.linkname = payload or ""
            tar.addfile(info)
    return buffer.getvalue()


def _archive(path: Path, layers: list[bytes], config: dict) -> Path:
    with tarfile.open(path, "w") as tar:

        def add(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

        names = [f"layer{i}/layer.tar" for i in range(len(layers))]
        for name, data in zip(names, layers):
            add(name, data)
        add("config.json", json.dumps(config).encode())
        add("manifest.json", json.dumps([{"Config": "config.json", "RepoTags": ["t:1"], "Layers": names}]).encode())
    return path


def test_image_archive_applies_layers_whiteouts_and_links(tmp_path):
    lower = _layer(
        [
            ("etc/", "dir", None, 0o755),
            ("etc/passwd", "file", b"root\n", 0o644),
            ("etc/group", "file", b"root\n", 0o644),
            ("opt/", "dir", None, 0o755),
            ("opt/old", "file", b"old", 0o644),
            ("bin/", "dir", None, 0o755),
            ("bin/busybox", "file", b"BB", 0o755),
            ("bin/sh", "symlink", "busybox", 0o777),
        ]
    )
    upper = _layer(
        [
            ("etc/.wh.group", "file", b"", 0o644),
            ("opt/.wh..wh..opq", "file", b"", 0o644),
            ("opt/new", "file", b"new", 0o4750),
            ("bin/ls", "hardlink", "bin/busybox", 0o755),
        ]
    )
    archive = ImageArchive(
        _archive(tmp_path / "img.tar", [lower, upper], {"os": "linux", "architecture": "arm64", "variant": "v8"})
    )
    files = archive.files()
    assert str(archive.platform) == "linux/arm64/v8"
    assert "/etc/group" not in files and "/opt/old" not in files
    assert files["/opt/new"].mode == 0o4750
    assert files["/bin/sh"].type == "symlink" and files["/bin/sh"].link_target == "busybox"
    assert files["/bin/ls"].sha256 == files["/bin/busybox"].sha256
    assert archive.read("/bin/ls") == b"BB"
    assert archive.read("/etc/passwd") == b"root\n"
    assert list(files) == sorted(files)
    with pytest.raises(FileNotFoundError):
        archive.read("/etc/group")


def test_image_archive_file_replacing_a_directory_drops_its_children(tmp_path):
    lower = _layer([("data/", "dir", None, 0o755), ("data/a", "file", b"a", 0o644)])
    upper = _layer([("data", "file", b"now a file", 0o600)])
    files = ImageArchive(
        _archive(tmp_path / "img.tar", [lower, upper], {"os": "linux", "architecture": "amd64"})
    ).files()
    assert files["/data"].type == "file" and "/data/a" not in files


def _file(path: str, kind: str = "dir", size: int = 0, sha: str | None = None) -> ImageFile:
    return ImageFile(path, kind, 0o755, 0, 0, size, sha, None)


def test_differences_ignore_only_empty_run_mount_points():
    left = {"/bin": _file("/bin"), "/etc/hosts": _file("/etc/hosts", "file", 9, "aa")}
    right = {
        "/bin": _file("/bin"),
        "/proc": _file("/proc"),
        "/etc/hosts": _file("/etc/hosts", "file", 9, "bb"),
        "/run": _file("/run"),
        "/run/x": _file("/run/x", "file", 1, "cc"),
    }
    assert [d.path for d in differences(left, right)] == ["/etc/hosts", "/run", "/run/x"]
    assert differences(right, right) == []
