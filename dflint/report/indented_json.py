"""`json.dump(value, out, indent=2, ensure_ascii=False)`, several times faster.

Why: with `indent`, CPython 3.11's json leaves its C encoder and yields every
token through a chain of Python generators, one `write` each; over a few
thousand findings that is most of what `--format json|sarif|gitlab` costs. This
builds the same text in one list (strings still escaped by json's C function)
and writes it once. Anything but plain JSON data (str, int, float, bool, None,
list, tuple, dict with str keys) goes to `json.dump` itself, so the text is
always the one json would write.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_FLOAT_WORDS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


class _NotPlain(Exception):
    """A value json.dump would treat specially (a subclass, a `default` type, a non-str key)."""


def dump(value, out) -> None:
    """Write `value` to `out` exactly as `json.dump(value, out, indent=2, ensure_ascii=False)`."""
    parts: list[str] = []
    try:
        _encode(value, "\n", parts)
    except (_NotPlain, RecursionError):
        json.dump(value, out, indent=2, ensure_ascii=False)
        return
    out.write("".join(parts))


def _scalar(value) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        return _FLOAT_WORDS.get(value) or float.__repr__(value)
    raise _NotPlain


def _encode(value, newline: str, parts: list[str]) -> None:
    """Append `value`'s text to `parts`; `newline` is "\\n" plus the current indentation."""
    kind = type(value)
    if kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        opener = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            parts.append(opener)
            parts.append(encode_basestring(key))
            parts.append(": ")
            _encode(item, inner, parts)
            opener = "," + inner
        parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        opener = "[" + inner
        for item in value:
            parts.append(opener)
            _encode(item, inner, parts)
            opener = "," + inner
        parts.append(newline + "]")
    else:
        parts.append(_scalar(value))
