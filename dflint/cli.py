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


def _add_rule_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--target", "-t", action="append", metavar="BUILDER",
                     help="builder to check against, e.g. legacy:20.10, docker:23.0, buildkit, dockerfile:1.4, buildah:1.28, kaniko (repeatable)")
    cmd.add_argument("--platform", action="append", metavar="PLATFORMS",
                     help="platforms you build for, e.g. linux/amd64,linux/arm64 (repeatable)")
    cmd.add_argument("--select", action="append", metavar="RULES", help="only these rules (ids, names, BuildKit names, DL codes, or a family)")
    cmd.add_argument("--ignore", action="append", metavar="RULES", help="skip these rules")


def _add_config_options(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--config", metavar="FILE", help="use this .dflint.toml or pyproject.toml instead of the nearest one")
    cmd.add_argument("--no-config", action="store_true", help="ignore configuration files")
    cmd.add_argument("--hadolint-config", metavar="FILE|auto",
                     help="also read hadolint's .hadolint.yaml (auto: the nearest one); dflint's config and flags win")
    cmd.add_argument("--failure-threshold", choices=THRESHOLDS, default=None,
                     help="lowest severity that makes dflint exit 1 (default: warning)")
    cmd.add_argument("--context", metavar="DIR", help="build context directory (for .dockerignore); default: the Dockerfile's folder")
    cmd.add_argument("--shellcheck", action="store_true", help="also run ShellCheck on RUN scripts")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dflint",
        description="Lint Dockerfiles and tell what each builder (legacy Docker, BuildKit, Buildah, Kaniko…) will do with them.",
    )
    parser.add_argument("--version", action="version", version=f"dflint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint Dockerfiles", description="Lint Dockerfiles (files, directories or - for stdin).")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--format", "-f", default="text",
                       help="output format: text (default), json, sarif, github, gitlab, checkstyle or junit")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE (the exit code still reflects the findings)")
    _add_rule_options(check)
    _add_config_options(check)
    check.add_argument("--no-color", action="store_true", help="plain output even on a terminal")
    check.add_argument("--stdin-filename", metavar="NAME", help="file name to report for standard input")

    fix = sub.add_parser("fix", help="apply fixes in place", description="Apply safe fixes (and unsafe ones with --unsafe); fixes are verified by re-linting and written atomically.")
    fix.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    fix.add_argument("--unsafe", action="store_true", help="also apply fixes that may change behaviour (never the image's meaning silently: each is listed)")
    fix.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")
    fix.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything would change")
    _add_rule_options(fix)
    from .commands.fix import add_verify_arguments
    from .commands.verify import register as register_verify

    add_verify_arguments(fix)
    register_verify(sub)

    parse_cmd = sub.add_parser("parse", help="print the syntax tree of a Dockerfile")
    parse_cmd.add_argument("path", metavar="FILE")
    parse_cmd.add_argument("--format", "-f", choices=("json", "text"), default="json")

    rules = sub.add_parser("rules", help="list the rules, or print one rule's page")
    rules.add_argument("rule", nargs="?", metavar="ID", help="rule id, name, BuildKit check name or hadolint code")
    rules.add_argument("--format", "-f", choices=("text", "json"), default="text")

    config = sub.add_parser("config", help="print the effective configuration for a path",
                            description="Print the configuration that applies to PATH: config files, per-path tables and flags merged.")
    config.add_argument("path", nargs="?", default=".", metavar="PATH")
    config.add_argument("--format", "-f", choices=("toml", "json"), default="toml")
    _add_rule_options(config)
    _add_config_options(config)

    features = sub.add_parser("features", help="list the BuildKit-era features a Dockerfile uses and what each builder does with them")
    features.add_argument("paths", nargs="+", metavar="FILE")
    features.add_argument("--format", "-f", choices=("text", "json"), default="text")
    features.add_argument("--target", "-t", action="append", metavar="BUILDER", help="builder to report on (repeatable)")
    features.add_argument("--platform", action="append", metavar="PLATFORMS", help="platforms you build for")

    lsp = sub.add_parser("lsp", help="run the language server over stdio (needs the `lsp` extra: pip install 'dflint[lsp]')")
    lsp.add_argument("--debounce-ms", type=int, default=50, metavar="MS",
                     help="wait this long after a change before re-linting (default: 50)")
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
        elif args.command == "fix":
            from .commands.fix import run
        elif args.command == "config":
            from .commands.config import run
        elif args.command == "features":
            from .commands.features import run
        elif args.command == "verify":
            from .commands.verify import run
        elif args.command == "lsp":
            from .commands.lsp import run
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
