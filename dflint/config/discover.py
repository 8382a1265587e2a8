"""Finding the configuration file that applies to a path: the nearest one walking up.

In each folder `.dflint.toml` comes before `pyproject.toml`; a pyproject.toml
without a `[tool.dflint]` table does not count. The walk stops after the folder
that holds `.git` (the repository root) or at the filesystem root.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

DFLINT_FILE = ".dflint.toml"
PYPROJECT = "pyproject.toml"
HADOLINT_FILES = (".hadolint.yaml", ".hadolint.yml")


def _has_tool_table(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if b"tool.dflint" not in data:  # cheap pre-check before parsing TOML
        return False
    import tomllib

    try:
        return "dflint" in tomllib.loads(data.decode("utf-8", "replace")).get("tool", {})
    except tomllib.TOMLDecodeError:
        return True  # let the loader report the syntax error with the file name


@lru_cache(maxsize=256)
def _search(directory: str, names: tuple[str, ...]) -> Path | None:
    here = Path(directory)
    while True:
        for name in names:
            candidate = here / name
            if candidate.is_file() and (name != PYPROJECT or _has_tool_table(candidate)):
                return candidate
        if (here / ".git").exists() or here.parent == here:
            return None
        here = here.parent


def start_dir(path: str) -> str:
    """The folder to start from: the file's folder, the folder itself, or the working directory for stdin."""
    if path == "-":
        return os.getcwd()
    absolute = os.path.abspath(path)
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


def find_config(path: str) -> Path | None:
    return _search(start_dir(path), (DFLINT_FILE, PYPROJECT))


def find_hadolint_config(path: str) -> Path | None:
    return _search(start_dir(path), HADOLINT_FILES)
