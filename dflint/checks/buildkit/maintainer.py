"""MaintainerDeprecated: MAINTAINER is replaced by the `org.opencontainers.image.authors` label."""

from __future__ import annotations

from ...engine.findings import Edit, Fix, Issue
from ...engine.registry import check

AUTHORS_LABEL = "org.opencontainers.image.authors"


def double_quoted(value: str, escape: str) -> str:
    """`value` as one double-quoted word that BuildKit's lexer reads back unchanged:
    inside double quotes the escape token escapes only `"`, `$` and itself."""
    out = []
    for ch in value:
        if ch in ('"', "$", escape):
            out.append(escape)
        out.append(ch)
    return '"' + "".join(out) + '"'


@check("DF108")
def maintainer_deprecated(ctx):
    for ins in ctx.doc.instructions:
        if ins.keyword != "MAINTAINER":
            continue
        fix = None
        if ins.args and ins.span.line == ins.span.end_line:
            label = f"LABEL {AUTHORS_LABEL}={double_quoted(ins.args[0], ctx.doc.escape)}"
            # The label lands in the image's labels, not in its legacy Author field.
            fix = Fix(f"replace by {label}", (Edit(ins.span, label),), safety="unsafe")
        yield Issue(ins.keyword_span, "Maintainer instruction is deprecated in favor of using label", fix=fix)
