"""Find why a build failed in a builder's log, and which Dockerfile line it was.

Each builder words and places its errors differently: the legacy builder
prints `Step N/M : ...` then a bare message, BuildKit prints
`failed to solve: ...` (older engines: `failed to solve with frontend
dockerfile.v0: ...`) and, from v0.10, a `Dockerfile:12` excerpt, and Buildah
prints `STEP N/M: ...` then `Error: building at STEP "...": ...`. Pull
failures get their own kind so that callers can call the outcome
inconclusive instead of blaming the Dockerfile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from dflint.verify.steps import InstructionLines

if TYPE_CHECKING:
    from dflint.verify.run import BuildOutcome


class FailureKind(StrEnum):
    """What went wrong, as far as a caller needs to tell cases apart."""

    PARSE_ERROR = "parse-error"  # the builder's parser rejected the file
    UNKNOWN_FLAG = "unknown-flag"  # an instruction flag this builder does not know
    REQUIRES_BUILDKIT = "requires-buildkit"  # legacy builder: "the --X option requires BuildKit"
    RUN_FAILED = "run-failed"  # a RUN command exited non-zero
    PLATFORM = "platform"  # platform could not be parsed or does not match
    BASE_IMAGE_UNAVAILABLE = "base-image-unavailable"  # pull failed: inconclusive
    BUILDER_UNAVAILABLE = "builder-unavailable"  # no daemon, no buildx, no network driver...
    TIMEOUT = "timeout"
    OTHER = "error"


@dataclass(frozen=True, slots=True)
class BuildFailure:
    """Why a build failed: the builder's own message, the kind, and the line when known."""

    line: int | None
    message: str
    kind: FailureKind
    instruction: str | None = None  # the failing step as the builder printed it

    @property
    def inconclusive(self) -> bool:
        """True when the failure says nothing about the Dockerfile itself."""
        return self.kind in (FailureKind.BASE_IMAGE_UNAVAILABLE, FailureKind.BUILDER_UNAVAILABLE, FailureKind.TIMEOUT)


def _patterns(*entries: tuple) -> tuple[tuple[FailureKind, re.Pattern[str], str], ...]:
    """(kind, regex[, message template]) entries, compiled; the template defaults to the `msg` group."""
    return tuple(
        (kind, re.compile(pattern, re.MULTILINE), *(template or ["{msg}"])) for kind, pattern, *template in entries
    )


# Tried in order; the first pattern that matches wins, and its template
# (filled from the last match's groups) is the message reported.
_KNOWN_FAILURES = _patterns(
    (FailureKind.BUILDER_UNAVAILABLE, r"(?P<msg>BuildKit is enabled but the buildx component is missing or broken)"),
    (
        FailureKind.BUILDER_UNAVAILABLE,
        r"(?P<msg>Cannot connect to the Docker daemon at \S+ Is the docker daemon running\?)",
    ),
    (
        FailureKind.BUILDER_UNAVAILABLE,
        r"(?P<msg>docker: 'buildx' is not a docker command|unknown command: docker buildx)",
    ),
    # `docker buildx build --progress=plain` without the plugin: docker reads
    # the flags itself and prints its top-level usage.
    (
        FailureKind.BUILDER_UNAVAILABLE,
        r"^(?P<msg>unknown (?:shorthand )?flag: [^\n]*)(?=(?:.*\n)*Usage:\s+docker \[OPTIONS\] COMMAND)",
        "docker has no buildx command: {msg}",
    ),
    (FailureKind.BUILDER_UNAVAILABLE, r"(?P<msg>[^\n]*network bridge not found)"),
    (FailureKind.BASE_IMAGE_UNAVAILABLE, r"(?P<msg>pull access denied for [^\n]*)"),
    (FailureKind.BASE_IMAGE_UNAVAILABLE, r"(?P<msg>failed to resolve source metadata for [^\n]*)"),
    (FailureKind.BASE_IMAGE_UNAVAILABLE, r"(?P<msg>manifest for \S+ not found[^\n]*)"),
    (FailureKind.BASE_IMAGE_UNAVAILABLE, r'(?P<msg>failed to do request: Head "[^"]*/manifests/[^\n]*)'),
    (FailureKind.BASE_IMAGE_UNAVAILABLE, r'^(?P<msg>Get "https?://[^"]*/v2/": [^\n]*)'),
    (FailureKind.BASE_IMAGE_UNAVAILABLE, r"Error: (?P<msg>creating build container: [^\n]*)"),
    (FailureKind.BASE_IMAGE_UNAVAILABLE, r"(?P<msg>no match for platform in manifest[^\n]*)"),
    (FailureKind.REQUIRES_BUILDKIT, r"(?P<msg>the --\S+ option requires BuildKit[^\n]*)"),
    (FailureKind.PARSE_ERROR, r"(?P<msg>dockerfile parse error (?:on )?line \d+: [^\n]*)"),
    (FailureKind.PARSE_ERROR, r"Build error: (?P<msg>Unknown instruction: \S+)"),
    (FailureKind.UNKNOWN_FLAG, r'Error: building at STEP "(?:[^"\\]|\\.)*": (?P<msg>\w+ only supports [^\n]* flags?)'),
    (FailureKind.PLATFORM, r"(?P<msg>failed to parse platform[^\n]*)"),
    (FailureKind.PLATFORM, r"(?P<msg>[^\n]*does not match the specified platform[^\n]*)"),
    (FailureKind.RUN_FAILED, r"(?P<msg>The command '[^\n]*' returned a non-zero code: \d+)"),
    (FailureKind.RUN_FAILED, r"(?P<msg>executor failed running \[[^\n]*\]: exit code: \d+)"),
    (FailureKind.RUN_FAILED, r'(?P<msg>process "[^\n]*" did not complete successfully: exit code: \d+)'),
    (FailureKind.RUN_FAILED, r'Error: building at STEP "RUN (?:[^"\\]|\\.)*": (?P<msg>exit status \d+)'),
    (FailureKind.OTHER, r"^(?:ERROR|error|Error): (?:failed to build: )?(?:failed to solve: )?(?P<msg>[^\n]+)"),
    (FailureKind.OTHER, r"failed to solve with frontend [\w.]+: (?P<msg>[^\n]+)"),
    (FailureKind.OTHER, r"^Error response from daemon: (?P<msg>[^\n]+)"),
)

# The legacy builder colours a RUN step's stderr ("\x1b[91m...\x1b[0m").
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PARSE_LINE = re.compile(r"\bline (\d+):")
_LEGACY_STEP = re.compile(r"^Step (\d+)/\d+ : (.*)$", re.MULTILINE)
_BUILDAH_STEP = re.compile(r"^(?:\[(\d+)/\d+\] )?STEP (\d+)/\d+: (.*)$", re.MULTILINE)
# BuildKit repeats the failed step as " > [stage 2/3] RUN ...:"; a step still
# running (at a timeout) only has its "#5 [stage 2/3] RUN ..." header.
_BUILDKIT_FAILED_STEP = re.compile(r"^ > \[(?:(\S+) )?(\d+)/\d+\] (.*?):?$", re.MULTILINE)
_BUILDKIT_STEP_HEADER = re.compile(r"^#\d+ \[(?:(\S+) )?(\d+)/\d+\] (.*)$", re.MULTILINE)
_EXCERPT = re.compile(r"^\S+:\d+(?:-\d+)?\n-{20}\n(?P<body>(?: *\d+ \|.*\n)+)-{20}$", re.MULTILINE)
_EXCERPT_MARKED = re.compile(r"^ *(\d+) \| >>>", re.MULTILINE)

LOG_FORMATS = {
    "legacy": "legacy",
    "docker": "buildkit",
    "buildx": "buildkit",
    "buildctl": "buildkit",
    "buildah": "buildah",
    "podman": "buildah",
}


def diagnose(outcome: BuildOutcome, instructions: InstructionLines | None = None) -> BuildFailure | None:
    """Why a build did not succeed, or None when it did."""
    if outcome.timed_out:
        return timeout_failure(outcome.builder, outcome.log, outcome.time_limit, instructions)
    if outcome.succeeded:
        return None
    return extract_failure(outcome.builder, outcome.log, instructions)


def extract_failure(builder: str, log: str, instructions: InstructionLines | None = None) -> BuildFailure:
    """The failure a failed build's log reports; `instructions` lets steps map to lines."""
    log = _ANSI.sub("", log)
    kind, message, line = _known_failure(log)
    instruction, step_line = _failing_step(LOG_FORMATS.get(builder, "buildkit"), log, instructions)
    if line is None:
        line = _excerpt_line(log)
    if line is None:
        line = step_line
    return BuildFailure(line=line, message=message, kind=kind, instruction=instruction)


def timeout_failure(
    builder: str, log: str, seconds: float, instructions: InstructionLines | None = None
) -> BuildFailure:
    """A build stopped at the time limit, placed at the step it was running."""
    log = _ANSI.sub("", log)
    instruction, line = _failing_step(LOG_FORMATS.get(builder, "buildkit"), log, instructions)
    return BuildFailure(
        line=line,
        message=f"build did not finish within {seconds:g}s",
        kind=FailureKind.TIMEOUT,
        instruction=instruction,
    )


def _known_failure(log: str) -> tuple[FailureKind, str, int | None]:
    for kind, pattern, template in _KNOWN_FAILURES:
        matches = list(pattern.finditer(log))
        if not matches:
            continue
        message = template.format_map({k: v.strip() for k, v in matches[-1].groupdict(default="").items()})
        if kind is FailureKind.PARSE_ERROR and "unknown flag" in message.lower():
            kind = FailureKind.UNKNOWN_FLAG
        line_match = (
            _PARSE_LINE.search(message) if kind in (FailureKind.PARSE_ERROR, FailureKind.UNKNOWN_FLAG) else None
        )
        return kind, message, int(line_match.group(1)) if line_match else None
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    return FailureKind.OTHER, lines[-1] if lines else "build failed with an empty log", None


def _excerpt_line(log: str) -> int | None:
    """First marked (`>>>`) line of BuildKit's last `Dockerfile:N` excerpt block."""
    blocks = list(_EXCERPT.finditer(log))
    if not blocks:
        return None
    marked = _EXCERPT_MARKED.search(blocks[-1].group("body"))
    return int(marked.group(1)) if marked else None


def _failing_step(log_format: str, log: str, instructions: InstructionLines | None) -> tuple[str | None, int | None]:
    """The last step the builder announced, and its line when it can be mapped."""
    if log_format == "legacy":
        steps = list(_LEGACY_STEP.finditer(log))
        if not steps:
            return None, None
        step, text = int(steps[-1].group(1)), steps[-1].group(2)
        return text, instructions.of_step(step) if instructions else None
    if log_format == "buildah":
        steps = list(_BUILDAH_STEP.finditer(log))
        if not steps:
            return None, None
        stage = int(steps[-1].group(1) or 1)
        step, text = int(steps[-1].group(2)), steps[-1].group(3)
        return text, instructions.of_stage_step(stage, step) if instructions else None
    steps = list(_BUILDKIT_FAILED_STEP.finditer(log)) or list(_BUILDKIT_STEP_HEADER.finditer(log))
    if not steps:
        return None, None
    label, step, text = steps[-1].group(1), int(steps[-1].group(2)), steps[-1].group(3)
    if instructions is None:
        return text, None
    stage = instructions.stage_number(label) if label else 1
    return text, instructions.of_stage_step(stage, step) if stage else None
