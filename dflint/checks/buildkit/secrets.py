"""SecretsUsedInArgOrEnv: an ARG or ENV whose name looks like it holds a secret.

ARG values and ENV values are stored in the image history and config; BuildKit
recommends secret mounts instead. The regular expressions are BuildKit's
(`getSecretsRegex` in dockerfile2llb/convert.go): a token matched as a whole
`_`-delimited part of the name, unless an allow token also is.
"""

from __future__ import annotations

import re

from ...engine.findings import Issue
from ...engine.registry import check
from .where import on_first_line

SECRET_TOKENS = ("apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token")
ALLOW_TOKENS = ("public", "file", "version")
_DENY = re.compile(r"(?i)(?:_|^)(?:" + "|".join(SECRET_TOKENS) + r")(?:_|$)")
_ALLOW = re.compile(r"(?i)(?:_|^)(?:" + "|".join(ALLOW_TOKENS) + r")(?:_|$)")


def looks_secret(name: str) -> bool:
    return bool(_DENY.search(name)) and not _ALLOW.search(name)


def _keys(ins):
    if ins.keyword == "ARG":
        for word, span in zip(ins.args, ins.arg_spans):
            yield word.partition("=")[0], span
    else:  # ENV: key, value, key, value…
        yield from zip(ins.args[::2], ins.arg_spans[::2])


@check("DF115")
def secrets_used_in_arg_or_env(ctx):
    for ins in ctx.doc.instructions:
        if ins.keyword not in ("ARG", "ENV"):
            continue
        for key, span in _keys(ins):
            if looks_secret(key):
                yield Issue(
                    on_first_line(ins, span),
                    f'Do not use ARG or ENV instructions for sensitive data ({ins.keyword} "{key}")',
                )
