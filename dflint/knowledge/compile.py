"""Regenerate rules/knowledge/compiled.json after editing the TOML files.

    python -m dflint.knowledge.compile          # write it
    python -m dflint.knowledge.compile --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import sys

from dflint.knowledge.data import COMPILED_NAME, compile_snapshot, data_dir


def main(argv: list[str]) -> int:
    directory = data_dir()
    path = directory / COMPILED_NAME
    text = compile_snapshot(directory)
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if "--check" in argv:
        if current != text:
            print(f"{path} is out of date: run python -m dflint.knowledge.compile", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
