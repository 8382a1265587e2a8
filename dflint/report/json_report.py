"""`--format json`: one JSON array of findings over all files."""

from __future__ import annotations

import json


def render(results, out, **_) -> None:
    findings = [f.to_dict() for _, _, fs in results for f in fs]
    json.dump(findings, out, indent=2, ensure_ascii=False)
    out.write("\n")
