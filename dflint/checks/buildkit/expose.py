"""EXPOSE checks: ExposeProtoCasing and ExposeInvalidFormat.

EXPOSE documents container ports only. BuildKit warns about `80/TCP` (the protocol
is matched in lower case) and about an IP address or a `host:container` mapping,
which EXPOSE ignores today and will refuse in a future release.
"""

from __future__ import annotations

from ...engine.findings import Edit, Fix, Issue
from ...engine.registry import check
from ...syntax.ast import Span
from .where import on_first_line


def _ports(ins):
    spans = list(ins.arg_spans) + [None] * (len(ins.args) - len(ins.arg_spans))
    yield from zip(ins.args, spans)


@check("DF120")
def expose_proto_casing(ctx):
    for ins in ctx.doc.instructions:
        if ins.keyword != "EXPOSE":
            continue
        for word, span in _ports(ins):
            port, slash, proto = word.partition("/")
            if not slash or proto == proto.lower():
                continue
            fix = None
            if span is not None and "$" not in word and span.end_column - span.column == len(word):
                proto_span = Span(span.line, span.column + len(port) + 1, span.end_line, span.end_column)
                fix = Fix(f"write {port}/{proto.lower()}", (Edit(proto_span, proto.lower()),))
            yield Issue(
                on_first_line(ins, span),
                f"Defined protocol '{word}' in EXPOSE instruction should be lowercase",
                fix=fix,
            )


@check("DF121")
def expose_invalid_format(ctx):
    for ins in ctx.doc.instructions:
        if ins.keyword != "EXPOSE":
            continue
        for word, span in _ports(ins):
            if ":" in word:
                yield Issue(
                    on_first_line(ins, span),
                    f"EXPOSE instruction should not define an IP address or host-port mapping, found '{word}'",
                )
