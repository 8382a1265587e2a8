"""LegacyKeyValueFormat: `ENV key value` / `LABEL key value` instead of `key=value`.

In the legacy form everything after the key is one value, spaces included; the
`key=value` form splits on unquoted whitespace. The fix therefore quotes a value
that holds unquoted whitespace; a value that mixes quotes or escapes with bare
whitespace gets no automatic fix rather than a guess.
"""

from __future__ import annotations

from ...engine.findings import Edit, Fix, Issue
from ...engine.registry import check
from ...syntax.ast import Span


def _has_unquoted_space(value: str, escape: str) -> bool:
    quote = None
    skip = False
    for ch in value:
        if skip:
            skip = False
        elif ch == escape and quote != "'":
            skip = True
        elif quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch.isspace():
            return True
    return False


def key_value_word(key: str, value: str, escape: str) -> str | None:
    """`key=value` that BuildKit reads as the same pair, or None when no plain rewrite exists."""
    if not _has_unquoted_space(value, escape):
        return f"{key}={value}"
    if any(ch in value for ch in ('"', "'", escape)):
        return None
    return f'{key}="{value}"'


@check("DF113")
def legacy_key_value_format(ctx):
    for ins in ctx.doc.instructions:
        if ins.keyword not in ("ENV", "LABEL") or not ins.legacy_form or len(ins.args) != 2:
            continue
        key, value = ins.args
        fix = None
        spans = ins.arg_spans
        word = key_value_word(key, value, ctx.doc.escape)
        if word is not None and len(spans) == 2 and spans[0] is not None and spans[1] is not None:
            region = Span(spans[0].line, spans[0].column, spans[1].end_line, spans[1].end_column)
            fix = Fix(f"write {ins.keyword} {word}", (Edit(region, word),))
        yield Issue(
            ins.keyword_span,
            f'"{ins.keyword} key=value" should be used instead of legacy "{ins.keyword} key value" format',
            fix=fix,
        )
