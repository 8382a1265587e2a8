"""Is a string a valid image reference? The grammar of distribution/reference's
ParseNormalizedNamed (used by BuildKit to validate expanded FROM images)."""

from __future__ import annotations

import re

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_COMPONENT = rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}"
_REFERENCE = re.compile(rf"^((?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*)(?::({_TAG}))?(?:@({_DIGEST}))?$")
_HEX_ID = re.compile(r"^[a-f0-9]{64}$")
_NAME_MAX = 255


def is_valid_reference(text: str) -> bool:
    if not text or _HEX_ID.match(text):
        return False
    first, slash, rest = text.partition("/")
    has_domain = slash and (any(c in first for c in ".:") or first == "localhost" or first.lower() != first)
    remainder = rest if has_domain else text
    name_part = re.split(r"[:@]", remainder, maxsplit=1)[0]
    if name_part.lower() != name_part:
        return False
    match = _REFERENCE.match(text)
    return bool(match) and len(match.group(1)) <= _NAME_MAX
