"""`dflint verify`: build a Dockerfile with a real builder and check dflint's predictions against it.

This runs the Dockerfile's commands (it is a real build), so only the user
starts it: `dflint check` and the language server never do.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .verify_options import PREFERENCE, add_arguments, register  # noqa: F401 (add_arguments, register: re-exported)

EXIT_OK, EXIT_REFUTED, EXIT_USAGE = 0, 1, 2


@dataclass(slots=True)
class Verification:
    """One verify run: the builder, what dflint predicted, what the build did."""

    path: str
    builder: str
    target: str
    builder_message: str
    built: bool
    failure: object | None  # verify.errors.BuildFailure
    log_path: str
    duration: float
    verdicts: list = field(default_factory=list)

    @property
    def refuted(self) -> bool:
        return any(v.status == "refuted" for v in self.verdicts)

    def to_dict(self) -> dict:
        failure = self.failure
        return {
            "file": self.path,
            "builder": self.builder,
            "target": self.target,
            "builder_found": self.builder_message,
            "built": self.built,
            "failure": None
            if failure is None
            else {"line": failure.line, "kind": str(failure.kind), "message": failure.message},
            "log": self.log_path,
            "duration": round(self.duration, 2),
            "findings": [v.to_dict() for v in self.verdicts],
        }


class VerifyError(Exception):
    """A usage problem or a missing builder (exit 2); the message says what is missing."""


def target_for(builder: str, version: str | None) -> str:
    """The dflint target a detected builder builds as (legacy:20.10.24, buildkit:0.12.5, …)."""
    from ..knowledge.targets import TargetError, parse_target

    kind = {"legacy": "legacy", "docker": "docker", "buildah": "buildah", "podman": "podman"}.get(builder, "buildkit")
    number = re.match(r"v?(\d+(?:\.\d+)*)", version or "")
    candidates = []
    if number:
        parts = number.group(1).split(".")
        candidates += [f"{kind}:{'.'.join(parts[:n])}" for n in (3, 2) if len(parts) >= n]
    if kind == "buildkit" or not candidates:
        candidates.append(kind)
    for text in candidates:
        try:
            return parse_target(text).name
        except (TargetError, ValueError):
            continue
    raise VerifyError(f"dflint has no target for {builder} {version or '(unknown version)'}")


def predictions(findings, target_name: str) -> list:
    """The per-feature predictions for one target (DF201): what the build can confirm or refute."""
    return [f for f in findings if f.rule == "DF201" and f.data.get("target") == target_name]


def choose_builder(requested: str | None, env=None):
    """The Availability of the requested builder, or of the first usable one."""
    from ..verify.detect import detect

    if requested:
        found = detect(requested, env)
        if not found.usable:
            raise VerifyError(f"{requested} cannot build here: {found.message}")
        return found
    tried = []
    for builder in PREFERENCE:
        found = detect(builder, env)
        if found.usable:
            return found
        tried.append(f"  {builder}: {found.message}")
    raise VerifyError("no usable builder:\n" + "\n".join(tried))


def verify_file(
    path: str,
    builder,
    *,
    platform: str | None = None,
    context: str | None = None,
    timeout: float = 600.0,
    log_path: str | None = None,
    network: str | None = None,
    env=None,
) -> Verification:
    """Lint `path` for the builder's target, build it, and map the outcome onto the findings."""
    from ..engine.context import LintOptions
    from ..engine.linter import lint_document
    from ..knowledge.targets import parse_target
    from ..syntax import parse
    from ..verify.builders import BuildRequest
    from ..verify.errors import diagnose
    from ..verify.mapping import map_outcome
    from ..verify.run import BuilderNotInstalled, run_build
    from ..verify.steps import InstructionLines

    dockerfile = Path(path)
    text = dockerfile.read_text(encoding="utf-8-sig", errors="surrogateescape")
    doc = parse(text)
    target_name = target_for(builder.builder, builder.version)
    context_dir = Path(context) if context else dockerfile.resolve().parent
    options = LintOptions(
        targets=(parse_target(target_name),), platforms=(platform,) if platform else (), context_dir=context_dir
    )
    findings = predictions(lint_document(doc, path=path, options=options), target_name)
    tag = f"dflint-verify/{uuid.uuid4().hex[:12]}:latest"
    request = BuildRequest(
        builder.builder, dockerfile.resolve(), context_dir.resolve(), platform=platform, tag=tag, network=network, env=env
    )
    try:
        outcome = run_build(request, timeout=timeout, log_path=Path(log_path) if log_path else None)
    except BuilderNotInstalled as error:
        raise VerifyError(str(error)) from None
    if builder.builder in ("legacy", "buildah", "podman"):
        lines = InstructionLines.without_heredocs(text)
    else:
        lines = _buildkit_lines(doc)
    failure = diagnose(outcome, lines)
    image = None
    try:
        if outcome.succeeded and any(f.severity == "warning" for f in findings):
            image = _saved_image(builder.builder, tag, env)
        verdicts = map_outcome(findings, doc, failure, image)
    finally:
        if outcome.succeeded:
            _remove_image(builder.builder, tag, env)
        if image is not None:
            Path(image.path).unlink(missing_ok=True)
    return Verification(
        path=path,
        builder=builder.builder,
        target=target_name,
        builder_message=builder.message,
        built=outcome.succeeded,
        failure=failure,
        log_path=str(outcome.log_path),
        duration=outcome.duration,
        verdicts=verdicts,
    )


def _buildkit_lines(doc):
    from ..verify.steps import InstructionLines

    starts = tuple(i.span.line for i in doc.instructions)
    froms = [i for i in doc.instructions if i.keyword == "FROM"]
    names = tuple(i.args[2] if len(i.args) == 3 and i.args[1].upper() == "AS" else None for i in froms)
    return InstructionLines(starts, tuple(i.span.line for i in froms), names)


def _saved_image(builder: str, tag: str, env):
    """The built image as an ImageArchive (a temporary docker-archive tar), or None if it cannot be saved."""
    from ..verify.inspect import ImageArchive, save_image

    tool = "buildah" if builder == "buildah" else "podman" if builder == "podman" else "docker"
    handle, name = tempfile.mkstemp(prefix="dflint-verify-", suffix=".tar")
    os.close(handle)
    try:
        save_image(tag, Path(name), tool=tool, env=env)
        return ImageArchive(Path(name))
    except (RuntimeError, OSError):
        Path(name).unlink(missing_ok=True)
        return None


def _remove_image(builder: str, tag: str, env) -> None:
    import subprocess

    program = {"buildah": "buildah", "podman": "podman"}.get(builder, "docker")
    argv = [program, "rmi", "-f", tag] if builder in ("buildah", "podman") else [program, "image", "rm", "-f", tag]
    subprocess.run(argv, check=False, capture_output=True, env=dict(os.environ if env is None else env), timeout=60)


def render_text(result: Verification, out) -> None:
    if result.built:
        status = "built"
    else:
        failure = result.failure
        where = f" at line {failure.line}" if failure.line is not None else ""
        status = f"failed{where} ({failure.kind}): {failure.message}"
    print(f"{result.path}: {result.builder} ({result.builder_message}) as target {result.target}: {status}", file=out)
    print(f"  build log: {result.log_path} ({result.duration:.1f}s)", file=out)
    if not result.verdicts:
        print("  dflint predicted nothing for this builder", file=out)
    for v in result.verdicts:
        f = v.finding
        print(f"  {f.span.line}:{f.span.column} {v.status:<12} {f.rule} {f.data.get('feature', '')}: {v.reason}", file=out)
    counts = {s: sum(v.status == s for v in result.verdicts) for s in ("confirmed", "refuted", "inconclusive")}
    print("  " + ", ".join(f"{n} {s}" for s, n in counts.items()), file=out)


def run(args) -> int:
    try:
        if not Path(args.path).is_file():
            raise VerifyError(f"{args.path}: no such file")
        if args.timeout <= 0:
            raise VerifyError("--timeout must be positive")
        builder = choose_builder(args.builder)
        result = verify_file(
            args.path,
            builder,
            platform=args.platform,
            context=args.context,
            timeout=args.timeout,
            log_path=args.keep_log,
            network=getattr(args, "network", None),
        )
    except VerifyError as error:
        print(f"dflint verify: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        render_text(result, sys.stdout)
    return EXIT_REFUTED if result.refuted else EXIT_OK
