"""Findings → LSP diagnostics and quick fixes (plain JSON-shaped data; the server converts)."""

from __future__ import annotations

from .positions import span_range

SEVERITY = {"error": 1, "warning": 2, "info": 3, "style": 4}  # LSP DiagnosticSeverity
SOURCE = "dflint"


def diagnostic(lines: list[str], finding, url: str | None) -> dict:
    out = {
        "range": span_range(lines, finding.span),
        "severity": SEVERITY[finding.severity],
        "code": finding.rule,
        "source": SOURCE,
        "message": f"{finding.message} ({finding.name})",
    }
    if url:
        out["codeDescription"] = {"href": url}
    return out


_URLS: dict[str, str | None] = {}  # rule id -> page URL; the catalogue is fixed for the process's life


def _rule_url(rule: str) -> str | None:
    """Cached: `rule_url` resolves real paths on disk, ≈ 0.3 ms a rule on every re-lint otherwise."""
    if rule not in _URLS:
        from ..engine.catalog import catalog
        from ..report.links import rule_url

        cat = catalog()
        _URLS[rule] = rule_url(cat[rule]) if rule in cat.by_id else None
    return _URLS[rule]


def diagnostics(lines: list[str], findings) -> list[dict]:
    return [diagnostic(lines, f, _rule_url(f.rule)) for f in findings]


def _overlaps(span, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """Whether a finding's span touches the requested (1-based line, column) range."""
    return (span.line, span.column) <= end and start <= (span.end_line, span.end_column)


def code_actions(uri: str, lines: list[str], findings, start: tuple[int, int], end: tuple[int, int]) -> list[dict]:
    """Quick fixes for findings in the range: safe ones preferred, unsafe ones labelled."""
    actions = []
    for f in findings:
        if f.fix is None or not _overlaps(f.span, start, end):
            continue
        unsafe = f.fix.safety == "unsafe"
        edits = [{"range": span_range(lines, e.span), "newText": e.text} for e in f.fix.edits]
        actions.append(
            {
                "title": f"{f.rule}: {f.fix.description}" + (" (unsafe)" if unsafe else ""),
                "kind": "quickfix",
                "isPreferred": not unsafe,
                "diagnostics": diagnostics(lines, [f]),
                "edit": {"changes": {uri: edits}},
            }
        )
    return actions
