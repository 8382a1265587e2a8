"""Finding Dockerfiles under the paths a user names, and reading them safely."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

PATTERNS = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile", "Containerfile.*")
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}
MAX_BYTES = 50 * 1024 * 1024


class InputError(Exception):
    """A path that cannot be read; reported as `path: reason`, exit code 2."""


def is_dockerfile_name(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in PATTERNS)


def discover(paths: list[str]) -> list[str]:
    """Files named directly, plus Dockerfiles found in named directories (sorted)."""
    out: list[str] = []
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            out.append(path)
            continue
        found = []
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
            found.extend(os.path.join(dirpath, f) for f in filenames if is_dockerfile_name(f))
        out.extend(sorted(found))
    return out


def read_bytes(path: str) -> bytes:
    import sys

    try:
        if path == "-":
            return sys.stdin.buffer.read()
        p = Path(path)
        if p.is_dir():
            raise InputError(f"{path}: is a directory with no Dockerfile in it")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: file is {size} bytes, larger than the {MAX_BYTES} bytes dflint reads")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: {e.strerror or e}") from None
