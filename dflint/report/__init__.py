"""Output formats for `dflint check`: each a module with `render(results, out, **opts)`.

`results` is a list of (path, text, findings) per file; reporters never decide
what fails, only how it looks.
"""

from __future__ import annotations

import importlib

FORMATS = {
    "text": "dflint.report.text",
    "json": "dflint.report.json_report",
    "sarif": "dflint.report.sarif",
    "github": "dflint.report.github",
    "gitlab": "dflint.report.gitlab",
    "checkstyle": "dflint.report.checkstyle",
    "junit": "dflint.report.junit",
}


def reporter(name: str):
    return importlib.import_module(FORMATS[name])
