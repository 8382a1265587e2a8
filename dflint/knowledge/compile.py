"""Regenerate rules/knowledge/compiled.json after editing the TOML files.

    python -m dflint.knowledge.compile          # write it
    python -m dflint.knowledge.compile --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import sys

from dflint.knowledge.data import COMPILED_NAME, compile_snapshot, data_dir


def main(argv: list[str]) -> int:
    from dflint.generated import sync

    directory = data_dir()
    return sync(directory / COMPILED_NAME, compile_snapshot(directory), argv, "python -m dflint.knowledge.compile")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
