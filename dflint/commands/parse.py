"""`dflint parse FILE`: the syntax tree as JSON (or a short text outline)."""

from __future__ import annotations

import json
import sys

from ..cli import EXIT_OK, EXIT_USAGE


def run(args) -> int:
    from ..files import InputError, read_bytes
    from ..syntax import parse
    from ..syntax.source import decode

    try:
        text, problems = decode(read_bytes(args.path))
    except InputError as e:
        print(f"dflint: {e}", file=sys.stderr)
        return EXIT_USAGE
    doc = parse(text)
    doc.diagnostics[:0] = problems
    if args.format == "json":
        json.dump(doc.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for ins in doc.instructions:
            flags = " ".join(f.raw for f in ins.flags)
            sys.stdout.write(f"{ins.span.line}-{ins.span.end_line} {ins.keyword} {flags} {ins.args!r}\n")
    errors = [d for d in doc.diagnostics if d.severity == "error"]
    for d in errors:
        print(f"{args.path}:{d.span.line}:{d.span.column}: {d.message}", file=sys.stderr)
    return EXIT_USAGE if errors else EXIT_OK
