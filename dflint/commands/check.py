"""`dflint check`: lint files with their effective configuration and decide the exit code."""

from __future__ import annotations

import os
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, _csv
from ..engine.findings import SEVERITY_RANK


def cli_settings(args):
    """The command line's settings layer (flags left out stay None and do not override config)."""
    from ..config.settings import Settings

    layer = Settings(
        targets=_csv(getattr(args, "target", None)) or None,
        platforms=_csv(getattr(args, "platform", None)) or None,
        select=_csv(getattr(args, "select", None)) or None,
        ignore=_csv(getattr(args, "ignore", None)) or None,
        failure_threshold=getattr(args, "failure_threshold", None),
        shellcheck=True if getattr(args, "shellcheck", False) else None,
        context=os.path.abspath(args.context) if getattr(args, "context", None) else None,
    )
    given = (layer.targets, layer.platforms, layer.select, layer.ignore, layer.failure_threshold, layer.shellcheck, layer.context)
    if any(value is not None for value in given):
        layer.sources = ["command line"]
    return layer


def resolver_for(args):
    from ..config.resolve import Resolver

    return Resolver(
        cli_settings(args),
        config=getattr(args, "config", None),
        use_config=not getattr(args, "no_config", False),
        hadolint=getattr(args, "hadolint_config", None),
    )


def _options(args):
    """LintOptions from the command line alone (used by `dflint fix`)."""
    from ..config import ConfigError
    from ..config.resolve import build_options

    try:
        return build_options(cli_settings(args))
    except ConfigError as e:
        raise UsageError(str(e)) from None


def _selection(args):
    """Selection from the command line alone (used by `dflint fix`)."""
    from ..config import ConfigError
    from ..config.resolve import build_selection

    try:
        return build_selection(cli_settings(args))
    except ConfigError as e:
        raise UsageError(str(e)) from None


def lint_path(path: str, display: str, options, selection):
    """(display name, text, findings) for one file; raises InputError if unreadable."""
    from ..engine.linter import lint_document
    from ..files import read_bytes
    from ..syntax import parse
    from ..syntax.source import decode

    text, problems = decode(read_bytes(path))
    doc = parse(text)
    doc.diagnostics[:0] = problems
    return display, doc.text, lint_document(doc, path=display, options=options, selection=selection)


def failed(findings, threshold: str) -> bool:
    if threshold == "none":
        return False
    floor = SEVERITY_RANK[threshold]
    return any(SEVERITY_RANK[f.severity] >= floor for f in findings)


def run(args) -> int:
    from ..config import ConfigError
    from ..files import InputError, discover
    from ..report import FORMATS, reporter

    if args.format not in FORMATS:
        raise UsageError(f"unknown format {args.format!r}; choose from {', '.join(FORMATS)}")
    paths = discover(args.paths)
    if not paths:
        raise UsageError(f"no Dockerfiles found in {' '.join(args.paths)}")
    try:
        resolver = resolver_for(args)
    except ConfigError as e:
        raise UsageError(str(e)) from None
    results = []
    unreadable = failing = False
    for path in paths:
        display = (args.stdin_filename or "-") if path == "-" else path
        where = args.stdin_filename if path == "-" and args.stdin_filename else path
        try:
            settings, options, selection = resolver.for_file(where)
        except ConfigError as e:
            raise UsageError(str(e)) from None
        try:
            result = lint_path(path, display, options, selection)
        except InputError as e:
            print(f"dflint: {e}", file=sys.stderr)
            unreadable = True
            continue
        results.append(result)
        failing = failing or failed(result[2], settings.threshold)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        color = (
            args.format == "text"
            and not args.output
            and not args.no_color
            and "NO_COLOR" not in os.environ
            and sys.stdout.isatty()
        )
        reporter(args.format).render(results, out, color=color)
    finally:
        if args.output:
            out.close()
    if unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if failing else EXIT_OK
