"""`file:` URIs → local paths (what config discovery and path-based rules need)."""

from __future__ import annotations

import os
import re

_DRIVE = re.compile(r"^/[A-Za-z]:")


def uri_to_path(uri: str) -> str | None:
    """The file system path of a `file:` URI; None for other schemes (`untitled:`…)."""
    if not uri.lower().startswith("file:"):
        return None
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(uri)
    path = unquote(parts.path)
    if parts.netloc and parts.netloc.lower() != "localhost":
        path = f"//{parts.netloc}{path}"  # a UNC share: file://server/share/x
    if os.name == "nt":
        if _DRIVE.match(path):
            path = path[1:]  # file:///c:/x is c:/x
        path = path.replace("/", "\\")
    return path
