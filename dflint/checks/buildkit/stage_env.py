"""The variables BuildKit expands an instruction's words with, as far as the Dockerfile tells.

The model's scope holds the ARGs and ENVs in effect. An ARG declared without a
default expands to the empty string (as in a build without `--build-arg`); an
ENV computed from other variables has a value only known at build time, stood in
for by a placeholder and listed in `unknown`. A base image's own ENV is not known
here: PATH is always set (BuildKit adds a default PATH when the image has none);
other names are simply absent.
"""

from __future__ import annotations

from ...records import Record


ALWAYS_SET = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
_PLACEHOLDER = "x"


class ExpansionEnv(Record):
    values: dict[str, str]
    unknown: frozenset[str]  # names whose value above is only a placeholder

    __slots__ = ("values", "unknown")

    def __init__(self, values: dict[str, str], unknown: frozenset[str]) -> None:
        self.values = values
        self.unknown = unknown

    def exact(self, result) -> bool:
        """Whether a `process_word_with_matches` result is what BuildKit would get."""
        return not result.unmatched and not (result.matched & self.unknown)


def expansion_env(ctx, ins) -> ExpansionEnv:
    values = dict(ALWAYS_SET)
    unknown = set()
    for name, var in ctx.model.scope(ins).items():
        if var.value is not None and "$" not in var.value:
            values[name] = var.value
        elif var.value is None and var.kind in ("arg", "global-arg"):
            values[name] = ""
        else:
            values[name] = _PLACEHOLDER
            unknown.add(name)
    return ExpansionEnv(values, frozenset(unknown))
