"""Run one build with a time limit, keeping the builder's whole log.

The log (stdout and stderr interleaved, as a user sees it) goes to a file so a
failed verification can point at it; the outcome says how the build ended.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from dflint.verify.builders import BuildRequest, build_command


class BuilderNotInstalled(RuntimeError):
    """The builder's program is not on PATH (run detection first to say why)."""


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    builder: str
    command: list[str]
    exit_status: int | None  # None when the build was stopped at the time limit
    timed_out: bool
    log_path: Path
    log: str
    duration: float  # seconds
    time_limit: float  # seconds
    image_id: str | None  # set when the build produced an image
    tag: str | None

    @property
    def succeeded(self) -> bool:
        return self.exit_status == 0 and not self.timed_out


def run_build(request: BuildRequest, timeout: float = 600.0, log_path: Path | None = None) -> BuildOutcome:
    """Build `request`; the log goes to `log_path` (a new temporary file if None)."""
    if log_path is None:
        handle, name = tempfile.mkstemp(prefix=f"dflint-verify-{request.builder}-", suffix=".log")
        os.close(handle)
        log_path = Path(name)
    with tempfile.TemporaryDirectory(prefix="dflint-verify-") as scratch:
        id_file = Path(scratch) / "image-id"
        command = build_command(request, id_file)
        started = time.monotonic()
        exit_status, timed_out = _run_logged(command.argv, command.env, log_path, timeout)
        duration = time.monotonic() - started
        image_id = _read_image_id(request.builder, id_file) if exit_status == 0 else None
    return BuildOutcome(
        builder=request.builder,
        command=command.argv,
        exit_status=exit_status,
        timed_out=timed_out,
        log_path=log_path,
        log=log_path.read_text(encoding="utf-8", errors="replace"),
        duration=duration,
        time_limit=timeout,
        image_id=image_id,
        tag=request.tag if image_id else None,
    )


def _run_logged(argv: list[str], env: dict[str, str], log_path: Path, timeout: float) -> tuple[int | None, bool]:
    """Run with output to `log_path`; on timeout stop the whole process group."""
    with open(log_path, "wb") as log:
        try:
            process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        except FileNotFoundError as error:
            raise BuilderNotInstalled(f"{argv[0]}: not found on PATH") from error
        try:
            return process.wait(timeout=timeout), False
        except subprocess.TimeoutExpired:
            # The client's own process group: a killed docker client cancels the
            # build on the daemon side.
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            return None, True


def _read_image_id(builder: str, id_file: Path) -> str | None:
    """The image id from `--iidfile`, or from buildctl's metadata file."""
    if not id_file.exists():
        return None
    text = id_file.read_text(encoding="utf-8").strip()
    if builder == "buildctl":
        metadata = json.loads(text or "{}")
        return metadata.get("containerimage.config.digest") or metadata.get("containerimage.digest")
    return text or None
