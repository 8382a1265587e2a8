"""`dflint features FILE…`: the BuildKit-era features a Dockerfile uses and what each builder does with it.

For each file: every feature use with its line, the frontend it needs and
whether it needs BuildKit; what the file needs as a whole; and a table of the
builders (the knowledge base's matrix, or the `--target`s given) saying
whether each builds it as written, ignores something, or fails, and whether a
`# syntax` pin would fix a BuildKit builder.
"""

from __future__ import annotations

import json
import os
import sys

from ..cli import EXIT_OK, EXIT_USAGE, UsageError, _csv

RESULT_WORDS = {"ok": "builds", "ignored": "ignores", "error": "fails", "unknown": "unknown"}
_RANK = {"ok": 0, "unknown": 1, "ignored": 2, "error": 3}


def run(args) -> int:
    from ..files import InputError

    if args.format not in ("text", "json"):
        raise UsageError(f"unknown format {args.format!r}; choose text or json")
    targets = _targets(args)
    reports = []
    failed = False
    for path in args.paths:
        try:
            reports.append(describe_file(path, targets))
        except InputError as e:
            print(f"dflint: {e}", file=sys.stderr)
            failed = True
    if args.format == "json":
        json.dump({"files": reports}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ and not getattr(args, "no_color", False)
        for n, report in enumerate(reports):
            if n:
                sys.stdout.write("\n")
            (_print_rich if color else _print_plain)(report)
    return EXIT_USAGE if failed else EXIT_OK


def _targets(args):
    from ..knowledge.matrix import default_matrix_targets
    from ..knowledge.targets import TargetError, parse_target

    names = _csv(getattr(args, "target", None))
    if not names:
        return default_matrix_targets()
    targets = []
    for name in names:
        try:
            targets.append(parse_target(name))
        except TargetError as e:
            raise UsageError(f"--target {name}: {e}") from None
    return targets


def describe_file(path: str, targets) -> dict:
    """Everything `dflint features` says about one file, as plain data (the JSON output)."""
    from ..compat import detect_features
    from ..compat.predict import predict, syntax_pin
    from ..compat.requirements import file_needs
    from ..files import read_bytes
    from ..model import build_model
    from ..syntax import parse
    from ..syntax.source import decode

    text, _ = decode(read_bytes(path))
    doc = parse(text)
    uses = detect_features(doc, build_model(doc))
    pin = syntax_pin(doc)
    needs = file_needs([u for u in uses if u.feature != "syntax-directive"])
    directive = doc.directives.get("syntax")
    return {
        "file": path,
        "syntax": directive.value if directive is not None else None,
        "requires": needs.data() if needs is not None else {"frontend": "1.0", "labs": False, "buildkit": False},
        "needs": needs.text() if needs is not None else "any builder",
        "entitlements": sorted(needs.entitlements) if needs is not None else [],
        "features": [_feature_row(u) for u in uses],
        "builders": [_builder_row(uses, target, pin, doc, predict) for target in targets],
    }


def _feature_row(use) -> dict:
    from ..compat.requirements import short_version
    from ..knowledge.features import feature

    info = feature(use.feature)
    return {
        "feature": use.feature,
        "title": info.title,
        "line": use.span.line,
        "column": use.span.column,
        "instruction": use.instruction.keyword if use.instruction is not None else None,
        "text": use.detail,
        "frontend": short_version(str(info.stable.version)) if info.stable else None,
        "labs": None if info.labs is None else f"{info.labs.version}",
        "buildkit": info.buildkit,
        "entitlements": list(info.entitlements),
    }


def _builder_row(uses, target, pin, doc, predict) -> dict:
    """What one builder does with the file: its worst outcome and each use that is not fine."""
    relevant = [u for u in uses if u.feature != "syntax-directive"]
    predictions = predict(relevant, target, pin, doc)
    worst = max((p.outcome.kind for p in predictions), key=_RANK.__getitem__, default="ok")
    row = {
        "target": target.name,
        "builder": target.display_name,
        "result": worst,
        "uses": [
            {
                "feature": p.use.feature,
                "line": p.use.span.line,
                "outcome": p.outcome.kind,
                "message": p.message,
                "exact": p.outcome.exact,
                "confidence": p.outcome.confidence,
            }
            for p in predictions
        ],
        "with_pin": None,
    }
    if pin is None and worst in ("error", "ignored") and target.honours_syntax_directive:
        row["with_pin"] = _with_pin(predictions, target, doc, predict)
    if pin is not None and not target.honours_syntax_directive and target.frontend_override is None:
        row["syntax_ignored"] = True
    return row


def _with_pin(predictions, target, doc, predict) -> dict | None:
    """What `target` would do with a `# syntax` pin that has every feature, when that is better."""
    from ..compat.requirements import file_needs

    needs = file_needs([p.use for p in predictions])
    if needs is None or needs.pin is None:
        return None
    still = predict([p.use for p in predictions], target, f"docker/dockerfile:{needs.pin}", doc)
    worst = max((p.outcome.kind for p in still), key=_RANK.__getitem__, default="ok")
    if _RANK[worst] >= max(_RANK[p.outcome.kind] for p in predictions):
        return None
    return {"pin": needs.pin, "result": worst}


def _summary(row) -> str:
    word = RESULT_WORDS[row["result"]]
    if row.get("with_pin"):
        pinned = row["with_pin"]
        word += f" without a `# syntax` pin; with `# syntax=docker/dockerfile:{pinned['pin']}` it {RESULT_WORDS[pinned['result']]}"
    if row.get("syntax_ignored"):
        word += " (ignores the `# syntax` line)"
    return word


def _use_lines(row) -> list[str]:
    from ..knowledge.features import feature

    out = []
    for use in row["uses"]:
        verb = RESULT_WORDS[use["outcome"]]
        message = f"“{use['message']}”" if use["exact"] else use["message"]
        out.append(f"line {use['line']} {feature(use['feature']).title}: {verb}: {message}")
    return out


def _print_plain(report) -> None:
    write = sys.stdout.write
    write(f"{report['file']}\n")
    pin = f"# syntax={report['syntax']}" if report["syntax"] else "no # syntax pin"
    write(f"  needs: {report['needs']} ({pin})\n")
    if report["entitlements"]:
        write("  entitlements: " + ", ".join(report["entitlements"]) + "\n")
    if not report["features"]:
        write("  no BuildKit-era features\n")
    else:
        write("  features:\n")
        write(f"    {'line':>4}  {'frontend':<10} {'BuildKit':<8}  feature\n")
        for row in report["features"]:
            write(f"    {row['line']:>4}  {_frontend_cell(row):<10} {'yes' if row['buildkit'] else 'no':<8}  {row['title']}\n")
    write("  builders:\n")
    width = max((len(r["target"]) for r in report["builders"]), default=6)
    for row in report["builders"]:
        write(f"    {row['target']:<{width}}  {_summary(row)}\n")
        for line in _use_lines(row):
            write(f"    {'':<{width}}    {line}\n")


def _frontend_cell(row) -> str:
    if row["frontend"]:
        return row["frontend"]
    return f"{row['labs']}-labs" if row["labs"] else "-"


def _print_rich(report) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    pin = f"# syntax={report['syntax']}" if report["syntax"] else "no # syntax pin"
    console.print(f"[bold]{report['file']}[/bold]: needs [bold]{report['needs']}[/bold] ({pin})", highlight=False)
    if report["entitlements"]:
        console.print("entitlements: " + ", ".join(report["entitlements"]), highlight=False)
    if report["features"]:
        features = Table(title="features", title_justify="left")
        for column in ("line", "frontend", "BuildKit", "feature"):
            features.add_column(column)
        for row in report["features"]:
            features.add_row(str(row["line"]), _frontend_cell(row), "yes" if row["buildkit"] else "no", row["title"])
        console.print(features)
    style = {"ok": "green", "ignored": "yellow", "error": "red", "unknown": "dim"}
    builders = Table(title="builders", title_justify="left")
    builders.add_column("target")
    builders.add_column("result")
    builders.add_column("details")
    for row in report["builders"]:
        builders.add_row(row["target"], f"[{style[row['result']]}]{_summary(row)}[/]", "\n".join(_use_lines(row)))
    console.print(builders)
