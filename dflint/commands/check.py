"""`dflint check`: lint files and decide the exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, _csv
from ..engine.findings import SEVERITY_RANK


def _options(args):
    from ..engine.context import LintOptions

    options = LintOptions(platforms=tuple(_csv(args.platform)))
    if args.target:
        from ..knowledge import parse_target

        targets = []
        for name in _csv(args.target):
            try:
                targets.append(parse_target(name))
            except ValueError as e:
                raise UsageError(f"--target {name}: {e}") from None
        options.targets = tuple(targets)
    return options


def _selection(args):
    from ..engine.linter import Selection

    try:
        return Selection.from_keys(select=_csv(args.select) or None, ignore=_csv(args.ignore))
    except KeyError as e:
        raise UsageError(f"unknown rule {e.args[0]!r} (see `dflint rules`)") from None


def lint_path(path: str, display: str, options, selection, context: str | None):
    """(display name, text, findings) for one file; raises InputError if unreadable."""
    from ..engine.linter import lint_document
    from ..files import read_bytes
    from ..syntax import parse
    from ..syntax.source import decode

    text, problems = decode(read_bytes(path))
    doc = parse(text)
    doc.diagnostics[:0] = problems
    if context is not None:
        options.context_dir = Path(context)
    elif path != "-":
        options.context_dir = Path(path).resolve().parent
    return display, doc.text, lint_document(doc, path=display, options=options, selection=selection)


def run(args) -> int:
    from ..files import InputError, discover
    from ..report import FORMATS, reporter

    if args.format not in FORMATS:
        raise UsageError(f"unknown format {args.format!r}; choose from {', '.join(FORMATS)}")
    options = _options(args)
    selection = _selection(args)
    paths = discover(args.paths)
    if not paths:
        raise UsageError(f"no Dockerfiles found in {' '.join(args.paths)}")
    results = []
    unreadable = False
    for path in paths:
        display = (args.stdin_filename or "-") if path == "-" else path
        try:
            results.append(lint_path(path, display, options, selection, args.context))
        except InputError as e:
            print(f"dflint: {e}", file=sys.stderr)
            unreadable = True
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
    if args.failure_threshold == "none":
        return EXIT_OK
    floor = SEVERITY_RANK[args.failure_threshold]
    failed = any(SEVERITY_RANK[f.severity] >= floor for _, _, fs in results for f in fs)
    return EXIT_FINDINGS if failed else EXIT_OK
