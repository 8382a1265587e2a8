"""Reading and writing Dockerfiles byte-exactly: encoding, BOM, line endings, mode.

A fixed file is written to a temporary file next to it and renamed over the
original, so a crash never leaves a half-written Dockerfile, and it keeps the
original's permission bits.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class SourceFile:
    path: str
    text: str  # decoded, BOM removed
    bom: bool

    def encode(self, text: str) -> bytes:
        return (BOM if self.bom else b"") + text.encode("utf-8", "surrogateescape")


def read_source(path: str, data: bytes) -> SourceFile:
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    return SourceFile(path=path, text=body.decode("utf-8", "surrogateescape"), bom=bom)


def write_atomically(path: str, data: bytes) -> None:
    """Replace `path` by `data` via a temporary file and rename, keeping its mode."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".dflint-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
