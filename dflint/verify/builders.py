"""How each builder is invoked: the command line and environment for one build.

Kept apart from running so that the exact commands can be shown to users and
tested without a builder installed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

BUILDERS = ("legacy", "docker", "buildx", "buildctl", "buildah", "podman")


@dataclass(frozen=True, slots=True)
class BuildRequest:
    """What to build and how; `executable` overrides the builder's program name."""

    builder: str
    dockerfile: Path
    context: Path
    platform: str | None = None
    tag: str | None = None
    network: str | None = None  # e.g. "host" where the engine has no bridge network
    build_args: Mapping[str, str] = field(default_factory=dict)
    executable: str | None = None
    env: Mapping[str, str] | None = None  # defaults to os.environ

    def __post_init__(self) -> None:
        if self.builder not in BUILDERS:
            raise ValueError(f"unknown builder {self.builder!r}; expected one of: {', '.join(BUILDERS)}")


@dataclass(frozen=True, slots=True)
class BuildCommand:
    argv: list[str]
    env: dict[str, str]


def default_executable(builder: str) -> str:
    """The program a builder runs: the docker CLI for the three Docker builders."""
    return {"buildctl": "buildctl", "buildah": "buildah", "podman": "podman"}.get(builder, "docker")


def build_command(request: BuildRequest, image_id_file: Path) -> BuildCommand:
    """The command line for `request`; the builder writes the image id to `image_id_file`."""
    env = dict(os.environ if request.env is None else request.env)
    program = request.executable or default_executable(request.builder)
    if request.builder == "buildctl":
        return BuildCommand(_buildctl_argv(program, request, image_id_file), env)
    if request.builder in ("buildah", "podman"):
        argv = [program, "bud" if request.builder == "buildah" else "build"]
    elif request.builder == "buildx":
        argv = [program, "buildx", "build", "--progress=plain"]
        if env.get("BUILDX_BUILDER"):
            argv.append(f"--builder={env['BUILDX_BUILDER']}")
        if request.tag:
            argv.append("--load")  # docker-container builders keep images in their cache otherwise
    else:
        argv = [program, "build"]
        env["DOCKER_BUILDKIT"] = "1" if request.builder == "docker" else "0"
        if request.builder == "docker":
            argv.append("--progress=plain")
    argv += ["-f", str(request.dockerfile), f"--iidfile={image_id_file}"]
    if request.platform:
        argv.append(f"--platform={request.platform}")
    if request.network:
        argv.append(f"--network={request.network}")
    if request.tag:
        argv += ["-t", request.tag]
    for name, value in request.build_args.items():
        argv += ["--build-arg", f"{name}={value}"]
    argv.append(str(request.context))
    return BuildCommand(argv, env)


def _buildctl_argv(program: str, request: BuildRequest, metadata_file: Path) -> list[str]:
    """buildctl drives the Dockerfile frontend with explicit local dirs and frontend opts."""
    dockerfile = request.dockerfile
    argv = [
        program,
        "build",
        "--progress=plain",
        "--frontend=dockerfile.v0",
        f"--local=context={request.context}",
        f"--local=dockerfile={dockerfile.parent}",
        f"--opt=filename={dockerfile.name}",
        f"--metadata-file={metadata_file}",
    ]
    if request.platform:
        argv.append(f"--opt=platform={request.platform}")
    if request.network:
        argv.append(f"--opt=force-network-mode={request.network}")
        if request.network == "host":
            argv.append("--allow=network.host")
    for name, value in request.build_args.items():
        argv.append(f"--opt=build-arg:{name}={value}")
    if request.tag:
        argv.append(f"--output=type=image,name={request.tag}")
    return argv
