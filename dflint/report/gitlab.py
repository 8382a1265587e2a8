"""`--format gitlab`: a GitLab Code Quality report (a JSON array of issues).

Severities map as style → info, info → minor, warning → major, error →
critical, and an error of the parse family (BuildKit refuses the whole file, so
nothing builds) → blocker. Fingerprints survive unrelated edits (see
`fingerprint.py`).
"""

from __future__ import annotations

from .indented_json import dump

SEVERITIES = {"style": "info", "info": "minor", "warning": "major", "error": "critical"}


def _severity(finding, family: str | None) -> str:
    if finding.severity == "error" and family == "parse":
        return "blocker"
    return SEVERITIES[finding.severity]


def build_issues(results) -> list[dict]:
    from ..engine.catalog import catalog
    from .fingerprint import fingerprints

    cat = catalog()
    issues = []
    for path, text, findings in results:
        for f, print_ in zip(findings, fingerprints(path, text, findings), strict=True):
            meta = cat.by_id.get(f.rule)
            issues.append(
                {
                    "type": "issue",
                    "description": f"{f.rule} {f.message}",
                    "check_name": f.rule,
                    "fingerprint": print_,
                    "severity": _severity(f, meta.family if meta else None),
                    "location": {"path": path, "lines": {"begin": f.span.line}},
                }
            )
    return issues


def render(results, out, **_) -> None:
    dump(build_issues(results), out)
    out.write("\n")
