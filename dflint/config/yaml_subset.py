"""A reader for the YAML that `.hadolint.yaml` files contain, used when PyYAML is not installed.

It understands block mappings and block lists (nested by indentation, lists may
sit at their key's indentation), flow lists `[a, b]`, quoted and plain scalars,
booleans, integers, null and comments. Anything else (anchors, block scalars,
flow mappings, several documents) is refused with a message saying so.
"""

from __future__ import annotations

import re

_INT = re.compile(r"[-+]?\d+")
_UNSUPPORTED = ("&", "*", "|", ">", "{", "!", "%", "@", "`")


class YamlSubsetError(ValueError):
    pass


def _strip_comment(text: str) -> str:
    quote = None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
    return text.rstrip()


def _split_flow(body: str, line_no: int) -> list[str]:
    items, current, quote = [], "", None
    for ch in body:
        if quote:
            current += ch
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            current += ch
        elif ch == ",":
            items.append(current)
            current = ""
        elif ch in "[]{}":
            raise YamlSubsetError(f"line {line_no}: nested flow collections are not supported")
        else:
            current += ch
    if current.strip():
        items.append(current)
    return [item.strip() for item in items]


def scalar(text: str, line_no: int = 0):
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return [scalar(item, line_no) for item in _split_flow(text[1:-1], line_no)]
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].encode("utf-8").decode("unicode_escape") if "\\" in text else text[1:-1]
    if text and text[0] in _UNSUPPORTED:
        raise YamlSubsetError(f"line {line_no}: {text!r} uses YAML that dflint reads only with PyYAML installed")
    lowered = text.lower()
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    if lowered in ("", "null", "~"):
        return None
    if _INT.fullmatch(text):
        return int(text)
    return text


def _lines(text: str) -> list[tuple[int, int, str]]:
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise YamlSubsetError(f"line {number}: tabs cannot indent YAML")
        content = _strip_comment(raw)
        if not content.strip() or content.strip() == "---":
            continue
        if content.strip() == "...":
            break
        out.append((number, len(content) - len(content.lstrip()), content.strip()))
    return out


def _key_value(content: str, number: int) -> tuple[str, str]:
    match = re.match(r"""("[^"]*"|'[^']*'|[^:'"]+?)\s*:(?:\s+(.*))?$""", content)
    if not match:
        raise YamlSubsetError(f"line {number}: expected `key: value`, got {content!r}")
    return scalar(match.group(1), number), (match.group(2) or "")


def _block(lines, i: int, indent: int):
    if lines[i][2].startswith("- ") or lines[i][2] == "-":
        return _list(lines, i, indent)
    return _mapping(lines, i, indent)


def _list(lines, i: int, indent: int):
    items = []
    while i < len(lines) and lines[i][1] == indent and (lines[i][2].startswith("- ") or lines[i][2] == "-"):
        number, _, content = lines[i]
        item = content[1:].strip()
        if re.match(r"""^[^'"\[]+?:(\s|$)""", item):
            raise YamlSubsetError(f"line {number}: mappings inside lists are not supported")
        items.append(scalar(item, number))
        i += 1
    return items, i


def _mapping(lines, i: int, indent: int):
    out: dict = {}
    while i < len(lines) and lines[i][1] == indent:
        number, _, content = lines[i]
        if content.startswith("- "):
            raise YamlSubsetError(f"line {number}: a list item where a key was expected")
        key, value = _key_value(content, number)
        i += 1
        if value:
            out[key] = scalar(value, number)
        elif i < len(lines) and (lines[i][1] > indent or (lines[i][1] == indent and lines[i][2].startswith("-"))):
            out[key], i = _block(lines, i, lines[i][1])
        else:
            out[key] = None
    if i < len(lines) and lines[i][1] > indent:
        raise YamlSubsetError(f"line {lines[i][0]}: unexpected indentation")
    return out, i


def load(text: str):
    """Parse the subset; raises YamlSubsetError with a line number."""
    lines = _lines(text)
    if not lines:
        return None
    value, i = _block(lines, 0, lines[0][1])
    if i < len(lines):
        raise YamlSubsetError(f"line {lines[i][0]}: unexpected indentation")
    return value
