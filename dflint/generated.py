"""Keeping a generated file in step with its sources: write it, or (--check) fail when stale."""

from __future__ import annotations

import sys
from pathlib import Path


def sync(path: Path, text: str, argv: list[str], regenerate: str) -> int:
    """Write `text` to `path` when it differs; with `--check` in argv, write nothing
    and return 1 when it differs (naming `regenerate`, the command that fixes it)."""
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if "--check" in argv:
        if current != text:
            print(f"{path} is out of date: run {regenerate}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0
