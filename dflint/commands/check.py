"""`dflint check`: lint files with their effective configuration and decide the exit code."""

from __future__ import annotations

import gc
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


def read_document(path: str):
    """The parsed file, with encoding problems as diagnostics; raises InputError if unreadable."""
    from ..files import read_bytes
    from ..syntax import parse
    from ..syntax.source import decode

    text, problems = decode(read_bytes(path))
    doc = parse(text)
    doc.diagnostics[:0] = problems
    return doc


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
    from ..engine.context import LintContext
    from ..engine.linter import lint_document

    entries = []
    for path in paths:
        display = (args.stdin_filename or "-") if path == "-" else path
        where = args.stdin_filename if path == "-" and args.stdin_filename else path
        try:
            settings, options, selection = resolver.for_file(where)
        except ConfigError as e:
            raise UsageError(str(e)) from None
        entries.append((path, display, settings, options, selection))

    unreadable = failing = False

    def context(path, display, options):
        nonlocal unreadable
        try:
            return LintContext(read_document(path), options, display)
        except InputError as e:
            print(f"dflint: {e}", file=sys.stderr)
            unreadable = True
            return None

    # With ShellCheck on for several files, parse those first so that one ShellCheck
    # run serves them all; otherwise each file is parsed, linted and let go in turn.
    prepared = {}
    if sum(1 for e in entries if e[3].shellcheck) > 1:
        from ..shell.shellcheck import prefill

        for index, (path, display, _, options, _) in enumerate(entries):
            if options.shellcheck:
                prepared[index] = context(path, display, options)
        prefill([ctx for ctx in prepared.values() if ctx is not None])
    # Reports with fingerprints look at each file's instructions again: keep them from this parse.
    remember = None
    if args.format in ("sarif", "gitlab"):
        from ..report.fingerprint import remember
    results = []
    # Each file allocates tens of thousands of objects that reference counting frees;
    # at the default pace (every 700) the cyclic collector ran ~350 times over 300 files.
    pace = gc.get_threshold()
    gc.set_threshold(max(pace[0], 7000), *pace[1:])
    try:
        for index, (path, display, settings, options, selection) in enumerate(entries):
            ctx = prepared.pop(index) if index in prepared else context(path, display, options)
            if ctx is None:
                continue
            findings = lint_document(ctx.doc, path=display, options=options, selection=selection, context=ctx)
            if remember is not None:
                remember(ctx.doc)
            results.append((display, ctx.doc.text, findings))
            failing = failing or failed(findings, settings.threshold)
    finally:
        gc.set_threshold(*pace)
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
        if remember is not None:
            from ..report.fingerprint import forget

            forget()
    if unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if failing else EXIT_OK
