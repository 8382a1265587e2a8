"""Everything BuildKit refuses to parse, reported where it is.

The parser and instruction validator (`dflint.syntax`) already produce these as
diagnostics named after their rule pages; this check hands them to the engine.
"""

from __future__ import annotations

from ...engine.findings import Issue
from ...engine.registry import check

PARSE_RULES = {
    "unknown-instruction": "DF001",
    "no-instructions": "DF002",
    "wrong-argument-count": "DF003",
    "unknown-flag": "DF004",
    "invalid-flag": "DF005",
    "invalid-mount": "DF006",
    "invalid-stage-name": "DF007",
    "missing-value": "DF008",
    "invalid-key-value": "DF009",
    "json-args-not-strings": "DF010",
    "unterminated-heredoc": "DF011",
    "heredoc-destination": "DF012",
    "invalid-onbuild-trigger": "DF013",
    "shell-not-json": "DF014",
    "invalid-healthcheck": "DF015",
    "blank-name": "DF016",
    "repeated-directive": "DF017",
    "invalid-escape-directive": "DF018",
    "line-too-long": "DF019",
    "not-text": "DF020",
}


@check(*PARSE_RULES.values())
def parse_errors(ctx):
    for diagnostic in ctx.doc.diagnostics:
        yield Issue(diagnostic.span, diagnostic.message, rule=PARSE_RULES[diagnostic.rule])
