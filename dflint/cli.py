"""The `dflint` command line: argument parsing and wiring only."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
THRESHOLDS = ("error", "warning", "info", "style", "none")


class UsageError(Exception):
    pass


def _csv(values) -> list[str]:
    out: list[str] = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dflint",
        description="Lint Dockerfiles and tell what each builder (legacy Docker, BuildKit, Buildah, Kaniko…) will do with them.",
    )
    parser.add_argument("--version", action="version", version=f"dflint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint Dockerfiles", description="Lint Dockerfiles (files, directories or - for stdin).")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--format", "-f", default="text", help="output format: text (default) or json")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE (the exit code still reflects the findings)")
    check.add_argument("--target", "-t", action="append", metavar="BUILDER",
                       help="builder to check against, e.g. legacy:20.10, docker:23.0, buildkit, dockerfile:1.4, buildah:1.28, kaniko (repeatable)")
    check.add_argument("--platform", action="append", metavar="PLATFORMS",
                       help="platforms you build for, e.g. linux/amd64,linux/arm64 (repeatable)")
    check.add_argument("--select", action="append", metavar="RULES", help="only these rules (ids, names, BuildKit names, DL codes, or a family)")
    check.add_argument("--ignore", action="append", metavar="RULES", help="skip these rules")
    check.add_argument("--failure-threshold", choices=THRESHOLDS, default="info",
                       help="lowest severity that makes dflint exit 1 (default: info)")
    check.add_argument("--context", metavar="DIR", help="build context directory (for .dockerignore); default: the Dockerfile's folder")
    check.add_argument("--no-color", action="store_true", help="plain output even on a terminal")
    check.add_argument("--stdin-filename", metavar="NAME", help="file name to report for standard input")

    parse_cmd = sub.add_parser("parse", help="print the syntax tree of a Dockerfile")
    parse_cmd.add_argument("path", metavar="FILE")
    parse_cmd.add_argument("--format", "-f", choices=("json", "text"), default="json")

    rules = sub.add_parser("rules", help="list the rules, or print one rule's page")
    rules.add_argument("rule", nargs="?", metavar="ID", help="rule id, name, BuildKit check name or hadolint code")
    rules.add_argument("--format", "-f", choices=("text", "json"), default="text")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command == "check":
            from .commands.check import run
        elif args.command == "parse":
            from .commands.parse import run
        else:
            from .commands.rules import run
        return run(args)
    except UsageError as e:
        print(f"dflint: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS


if __name__ == "__main__":
    sys.exit(main())
