"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Columns are counted in Unicode code points (`columnKind`), as dflint's spans
are; end columns are exclusive in both. Only the rules that have results are
listed in `tool.driver.rules`, and `ruleIndex` points into that list.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from .indented_json import dump

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "style": "note"}


def _uri(path: str) -> dict:
    if path == "-":
        return {"uri": "stdin"}
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": "file://" + quote(pure.as_posix())}
    return {"uri": quote(pure.as_posix()), "uriBaseId": "%SRCROOT%"}


def _region(span) -> dict:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }


def _rule(meta) -> dict:
    from .links import rule_url

    return {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": _full_description(meta)},
        "helpUri": rule_url(meta),
        "defaultConfiguration": {"level": LEVELS[meta.severity], "enabled": meta.enabled},
        "properties": {"family": meta.family, "aliases": list(meta.aliases)},
    }


def _full_description(meta) -> str:
    """The page's "What it flags" section: what a viewer shows under the rule."""
    page = meta.page()
    marker = "## What it flags"
    start = page.find(marker)
    if start < 0:
        return meta.summary
    body = page[start + len(marker) :]
    end = body.find("\n## ")
    return " ".join((body if end < 0 else body[:end]).split()) or meta.summary


def _fix(finding, location: dict) -> dict:
    return {
        "description": {"text": finding.fix.description + (" (unsafe)" if finding.fix.safety == "unsafe" else "")},
        "artifactChanges": [
            {
                "artifactLocation": location,
                "replacements": [
                    {"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.text}}
                    for edit in finding.fix.edits
                ],
            }
        ],
    }


def build_log(results) -> dict:
    """The SARIF log as plain data (the tests validate it against the schema)."""
    from .. import __version__
    from ..engine.catalog import catalog
    from .fingerprint import fingerprints
    from .links import REPOSITORY_URL

    cat = catalog()
    rules: list[dict] = []
    index_of: dict[str, int] = {}
    out_results = []
    for path, text, findings in results:
        location = _uri(path)
        for finding, print_ in zip(findings, fingerprints(path, text, findings), strict=True):
            if finding.rule not in index_of and finding.rule in cat.by_id:
                index_of[finding.rule] = len(rules)
                rules.append(_rule(cat[finding.rule]))
            result = {
                "ruleId": finding.rule,
                "level": LEVELS[finding.severity],
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": {"artifactLocation": location, "region": _region(finding.span)}}],
                "partialFingerprints": {"dflintFingerprint/v1": print_},
            }
            if finding.rule in index_of:
                result["ruleIndex"] = index_of[finding.rule]
            if finding.fix is not None:
                result["fixes"] = [_fix(finding, location)]
            out_results.append(result)
    driver = {
        "name": "dflint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": REPOSITORY_URL,
        "rules": rules,
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": out_results}],
    }


def render(results, out, **_) -> None:
    dump(build_log(results), out)
    out.write("\n")
