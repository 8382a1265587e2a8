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


def _terminal_columns() -> int:
    """`shutil.get_terminal_size().columns`, which argparse asks for on every `add_argument`;
    importing `shutil` costs ≈ 2.5 ms of a 80 ms start."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized to the terminal as argparse sizes it, without `shutil`."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _terminal_columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose sub-command parsers (of the same class) use `_HelpFormatter` too."""

    def __init__(self, *args, formatter_class=_HelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


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


def _add_check(sub) -> None:
    check = sub.add_parser("check", help="lint Dockerfiles", description="Lint Dockerfiles (files, directories or - for stdin).")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    check.add_argument("--format", "-f", default="text",
                       help="output format: text (default), json, sarif, github, gitlab, checkstyle or junit")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE (the exit code still reflects the findings)")
    _add_rule_options(check)
    _add_config_options(check)
    check.add_argument("--no-color", action="store_true", help="plain output even on a terminal")
    check.add_argument("--stdin-filename", metavar="NAME", help="file name to report for standard input")


def _add_fix(sub) -> None:
    from .commands.fix import add_verify_arguments

    fix = sub.add_parser("fix", help="apply fixes in place", description="Apply safe fixes (and unsafe ones with --unsafe); fixes are verified by re-linting and written atomically.")
    fix.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    fix.add_argument("--unsafe", action="store_true", help="also apply fixes that may change behaviour (never the image's meaning silently: each is listed)")
    fix.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")
    fix.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything would change")
    _add_rule_options(fix)
    add_verify_arguments(fix)


def _add_verify(sub) -> None:
    from .commands.verify_options import register

    register(sub)


def _add_parse(sub) -> None:
    parse_cmd = sub.add_parser("parse", help="print the syntax tree of a Dockerfile")
    parse_cmd.add_argument("path", metavar="FILE")
    parse_cmd.add_argument("--format", "-f", choices=("json", "text"), default="json")


def _add_rules(sub) -> None:
    rules = sub.add_parser("rules", help="list the rules, or print one rule's page")
    rules.add_argument("rule", nargs="?", metavar="ID", help="rule id, name, BuildKit check name or hadolint code")
    rules.add_argument("--format", "-f", choices=("text", "json"), default="text")


def _add_config(sub) -> None:
    config = sub.add_parser("config", help="print the effective configuration for a path",
                            description="Print the configuration that applies to PATH: config files, per-path tables and flags merged.")
    config.add_argument("path", nargs="?", default=".", metavar="PATH")
    config.add_argument("--format", "-f", choices=("toml", "json"), default="toml")
    _add_rule_options(config)
    _add_config_options(config)


def _add_features(sub) -> None:
    features = sub.add_parser("features", help="list the BuildKit-era features a Dockerfile uses and what each builder does with them")
    features.add_argument("paths", nargs="+", metavar="FILE")
    features.add_argument("--format", "-f", choices=("text", "json"), default="text")
    features.add_argument("--target", "-t", action="append", metavar="BUILDER", help="builder to report on (repeatable)")
    features.add_argument("--platform", action="append", metavar="PLATFORMS", help="platforms you build for")


def _add_lsp(sub) -> None:
    lsp = sub.add_parser("lsp", help="run the language server over stdio")
    lsp.add_argument("--debounce-ms", type=int, default=50, metavar="MS",
                     help="wait this long after a change before re-linting (default: 50)")


# In the order `dflint --help` lists them.
COMMANDS = {"check": _add_check, "fix": _add_fix, "verify": _add_verify, "parse": _add_parse, "rules": _add_rules,
            "config": _add_config, "features": _add_features, "lsp": _add_lsp}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or only the `command` sub-command when the caller knows it
    is the one given: argparse builds and localises every parser it is given (≈ 5 ms for all
    eight), and a sub-command's parsing, help and errors do not depend on its siblings."""
    parser = _Parser(
        prog="dflint",
        description="Lint Dockerfiles and tell what each builder (legacy Docker, BuildKit, Buildah, Kaniko…) will do with them.",
    )
    parser.add_argument("--version", action="version", version=f"dflint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in COMMANDS.items():
        if command is None or name == command:
            add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    parser = build_parser(given[0] if given and given[0] in COMMANDS else None)
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
