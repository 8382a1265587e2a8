"""`dflint fix`: apply fixes in place (or show them with --diff / test with --check)."""

from __future__ import annotations

import difflib
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from .check import _options, _selection


def run(args) -> int:
    from ..engine.linter import lint_document
    from ..files import InputError, discover, read_bytes
    from ..fix.apply import fix_text
    from ..fix.files import read_source, write_atomically
    from ..syntax import parse

    options = _options(args)
    selection = _selection(args)
    status = EXIT_OK
    for path in discover(args.paths):
        if path == "-":
            print("dflint: fix works on files, not standard input", file=sys.stderr)
            return EXIT_USAGE
        try:
            source = read_source(path, read_bytes(path))
        except InputError as e:
            print(f"dflint: {e}", file=sys.stderr)
            status = EXIT_USAGE
            continue

        def lint(text: str):
            doc = parse(text)
            return lint_document(doc, path=path, options=options, selection=selection), doc.has_errors

        result = fix_text(source.text, lint, unsafe=args.unsafe)
        for finding, why in result.rejected:
            print(f"{path}:{finding.span.line}:{finding.span.column}: not fixed ({finding.rule}): {why}", file=sys.stderr)
        if result.text == source.text:
            continue
        if args.diff or args.check:
            if args.diff:
                sys.stdout.writelines(
                    difflib.unified_diff(
                        source.text.splitlines(keepends=True),
                        result.text.splitlines(keepends=True),
                        fromfile=f"a/{path}",
                        tofile=f"b/{path}",
                    )
                )
            if args.check:
                print(f"{path}: {len(result.applied)} fix(es) would be applied", file=sys.stderr)
                status = max(status, EXIT_FINDINGS)
            continue
        write_atomically(path, source.encode(result.text))
        unsafe_count = sum(1 for f in result.applied if f.fix.safety == "unsafe")
        print(
            f"{path}: applied {len(result.applied)} fix(es)" + (f", {unsafe_count} unsafe" if unsafe_count else ""),
            file=sys.stderr,
        )
        for f in result.applied:
            print(f"  {f.rule} {f.fix.description}", file=sys.stderr)
    return status
