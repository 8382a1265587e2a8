"""`--format json`: one JSON array of findings over all files."""

from __future__ import annotations

from .indented_json import dump


def render(results, out, **_) -> None:
    findings = [f.to_dict() for _, _, fs in results for f in fs]
    dump(findings, out)
    out.write("\n")
