"""`dflint verify`'s command-line options, apart from the command itself.

Why a module of its own: `cli.build_parser` registers these options whenever it
builds the whole command line (`dflint --help`, a mistyped command), and
`commands/verify.py` imports `dataclasses`, `tempfile`, `uuid` and `pathlib` (≈ 20 ms),
which no other sub-command should pay for.
"""

from __future__ import annotations

BUILDERS = ("legacy", "docker", "buildx", "buildctl", "buildah", "podman")
# Tried in this order when --builder is not given.
PREFERENCE = ("docker", "buildx", "buildctl", "buildah", "podman", "legacy")
DESCRIPTION = (
    "Build the Dockerfile with a real builder and report, for each compatibility finding dflint "
    "predicts for that builder, whether the build confirmed, refuted or could not judge it. "
    "verify RUNS THE DOCKERFILE'S COMMANDS (it is a real build); `dflint check` and the language "
    "server never run it."
)


def register(subparsers):
    """Add the `verify` sub-command to dflint's sub-command parsers (cli.build_parser)."""
    parser = subparsers.add_parser(
        "verify", help="build with a real builder and check dflint's predictions (runs the Dockerfile)", description=DESCRIPTION
    )
    add_arguments(parser)
    return parser


def add_arguments(parser) -> None:
    """Register verify's options on its sub-command parser."""
    parser.add_argument("path", metavar="PATH", help="the Dockerfile to build")
    parser.add_argument("--builder", "-b", choices=BUILDERS,
                        help="builder to use (default: the first usable of " + ", ".join(PREFERENCE) + ")")
    parser.add_argument("--platform", metavar="PLATFORM", help="build for this one platform, e.g. linux/arm64")
    parser.add_argument("--context", metavar="DIR", help="build context (default: the Dockerfile's folder)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    parser.add_argument("--timeout", type=float, default=600.0, metavar="S", help="stop the build after S seconds (default: 600)")
    parser.add_argument("--keep-log", metavar="FILE", help="write the builder's full log to FILE (default: a temporary file, named in the report)")
    parser.add_argument("--network", metavar="MODE", help="RUN network mode passed to the builder, e.g. host (when the engine has no bridge)")
