"""`dflint fix`: apply fixes in place (or show them with --diff / test with --check).

With `--verify` (and one `--target`), the original and the fixed file are
both built on the builder that target names, and the report says which
predicted problems went away and whether the fixed file now builds.
"""

from __future__ import annotations

import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from .check import _options, _selection

BUILDER_OF_KIND = {"legacy": "legacy", "docker": "docker", "buildah": "buildah", "podman": "podman", "buildkit": "buildx"}


def add_verify_arguments(parser) -> None:
    """`fix --verify` and its builder options (registered on the fix sub-command)."""
    parser.add_argument("--verify", action="store_true",
                        help="build the file before and after fixing on the --target's builder and report the difference (runs the Dockerfile's commands)")
    parser.add_argument("--builder", choices=("legacy", "docker", "buildx", "buildctl", "buildah", "podman"),
                        help="builder for --verify (default: the one the --target names)")
    parser.add_argument("--network", metavar="MODE", help="RUN network mode for --verify builds, e.g. host")
    parser.add_argument("--timeout", type=float, default=600.0, metavar="S", help="time limit of each --verify build")


def run(args) -> int:
    from ..engine.linter import lint_document
    from ..files import InputError, discover, read_bytes
    from ..fix.apply import fix_text
    from ..fix.files import read_source, write_atomically
    from ..syntax import parse

    options = _options(args)
    selection = _selection(args)
    builder = _verify_builder(args, options) if getattr(args, "verify", False) else None
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

        def lint(text: str, path=path):
            doc = parse(text)
            return lint_document(doc, path=path, options=options, selection=selection), doc.has_errors

        result = fix_text(source.text, lint, unsafe=args.unsafe)
        for finding, why in result.rejected:
            print(f"{path}:{finding.span.line}:{finding.span.column}: not fixed ({finding.rule}): {why}", file=sys.stderr)
        if builder is not None:
            status = max(status, _verify_before_after(args, builder, path, source.text, result.text))
        if result.text == source.text:
            continue
        if args.diff or args.check:
            if args.diff:
                import difflib

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


def _verify_builder(args, options):
    """The usable builder for the one --target (exit 2 via UsageError when there is none)."""
    from .verify import VerifyError, choose_builder

    if len(options.targets) != 1:
        raise UsageError("--verify needs exactly one --target (the builder to build with)")
    target = options.targets[0]
    name = args.builder or BUILDER_OF_KIND.get(target.kind)
    if name is None:
        raise UsageError(f"--verify: dflint cannot run a {target.kind} build; choose one with --builder")
    try:
        return choose_builder(name)
    except VerifyError as e:
        raise UsageError(f"--verify: {e}") from None


def _verify_before_after(args, builder, path: str, before: str, after: str) -> int:
    """Build the original and the fixed text; report what went away and whether it builds now."""
    import os
    import tempfile

    from .verify import VerifyError, verify_file

    context = args.context if getattr(args, "context", None) else os.path.dirname(os.path.abspath(path))
    platform = args.platform[0] if getattr(args, "platform", None) and len(args.platform) == 1 else None
    results = []
    with tempfile.TemporaryDirectory(prefix="dflint-fix-verify-") as scratch:
        for label, text in (("before", before), ("after", after)):
            copy = os.path.join(scratch, f"{label}.Dockerfile")
            with open(copy, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            try:
                results.append(verify_file(copy, builder, platform=platform, context=context,
                                           timeout=args.timeout, network=args.network))
            except VerifyError as e:
                print(f"{path}: --verify: {e}", file=sys.stderr)
                return EXIT_USAGE
    old, new = results
    print(f"{path}: verified on {builder.builder} ({builder.message}) as {old.target}", file=sys.stderr)
    for label, result in (("before", old), ("after", new)):
        print(f"  {label}: {_build_summary(result)}", file=sys.stderr)
    remaining = {(v.finding.data.get("feature"), v.finding.message) for v in new.verdicts}
    gone = [v for v in old.verdicts if (v.finding.data.get("feature"), v.finding.message) not in remaining]
    for v in gone:
        print(f"  gone: line {v.finding.span.line} {v.finding.data.get('feature')} (was {v.status}: {v.reason})", file=sys.stderr)
    for v in new.verdicts:
        print(f"  still: line {v.finding.span.line} {v.finding.data.get('feature')} ({v.status}: {v.reason})", file=sys.stderr)
    return EXIT_OK if new.built else EXIT_FINDINGS


def _build_summary(result) -> str:
    if result.built:
        return f"the build passes ({result.duration:.1f}s)"
    failure = result.failure
    where = f" at line {failure.line}" if failure.line is not None else ""
    return f"the build fails{where}: {failure.message} (log: {result.log_path})"
