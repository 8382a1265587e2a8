"""XML 1.0 cannot hold most control characters; findings may quote them from a broken file."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _visible(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def xml_attr(text: str) -> str:
    """A quoted attribute value; newlines and tabs kept as character references."""
    return quoteattr(_visible(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def xml_text(text: str) -> str:
    return escape(_visible(text))
