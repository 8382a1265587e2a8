"""Find and load the knowledge base files (rules/knowledge/*.toml), once.

The TOML files are the only source of facts. Parsing them with tomllib takes
tens of milliseconds, so `compiled.json` next to them holds the same data plus a
digest of the TOML bytes; it is used only while that digest still matches, so
an edited TOML file is never shadowed by a stale snapshot (it is just slower
until `python -m dflint.knowledge.compile` is run again).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

# CPython's built-in SHA-256 gives hashlib's digest without loading OpenSSL (≈ 2.5 ms).
try:
    from _sha256 import sha256  # CPython 3.11
except ImportError:
    try:
        from _sha2 import sha256  # CPython 3.12+
    except ImportError:
        from hashlib import sha256

COMPILED_NAME = "compiled.json"
_TOP_FILES = ("frontends", "engines", "builders")


class KnowledgeDataError(RuntimeError):
    """The knowledge base files are missing or say something inconsistent."""


def data_dir() -> Path:
    """The knowledge directory: inside the installed wheel, else in the source tree."""
    package_root = Path(__file__).resolve().parent.parent
    for candidate in (
        package_root / "_rules" / "knowledge",  # wheel: rules/ is installed as dflint/_rules
        package_root.parent / "rules" / "knowledge",  # source checkout
    ):
        if candidate.is_dir():
            return candidate
    raise KnowledgeDataError(f"no knowledge base found next to {package_root}")


def source_files(directory: Path) -> list[Path]:
    """The TOML files that make up the knowledge base, in a fixed order."""
    top = [directory / f"{name}.toml" for name in _TOP_FILES]
    return top + sorted((directory / "features").glob("*.toml"))


def digest_of(files: list[Path], directory: Path) -> str:
    """A digest of the TOML sources: names and bytes, so renames count too."""
    sha = sha256()
    for path in files:
        sha.update(path.relative_to(directory).as_posix().encode())
        sha.update(b"\0")
        sha.update(path.read_bytes())
    return sha.hexdigest()


def parse_sources(files: list[Path], directory: Path) -> dict[str, object]:
    """Parse the TOML files into one plain dict (the slow path)."""
    import tomllib  # only needed when the snapshot is stale

    raw: dict[str, object] = {"features": {}, "feature_files": {}}
    for path in files:
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise KnowledgeDataError(f"{path}: {error}") from error
        relative = path.relative_to(directory).as_posix()
        if path.parent.name == "features":
            for feature_id, body in table.items():
                if feature_id in raw["features"]:
                    first = raw["feature_files"][feature_id]
                    raise KnowledgeDataError(f"feature {feature_id!r} is defined in {first} and {relative}")
                raw["features"][feature_id] = body
                raw["feature_files"][feature_id] = relative
        else:
            raw[path.stem] = table
    return raw


@cache
def load_raw() -> dict[str, object]:
    """The whole knowledge base as plain data, from the snapshot when it is current."""
    directory = data_dir()
    files = source_files(directory)
    digest = digest_of(files, directory)
    compiled = directory / COMPILED_NAME
    try:
        snapshot = json.loads(compiled.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        snapshot = None
    if isinstance(snapshot, dict) and snapshot.get("digest") == digest:
        return snapshot["data"]
    return parse_sources(files, directory)


def compile_snapshot(directory: Path) -> str:
    """The text of compiled.json for the TOML files in `directory`."""
    files = source_files(directory)
    snapshot = {
        "generated_by": "python -m dflint.knowledge.compile (do not edit; edit the TOML files)",
        "digest": digest_of(files, directory),
        "data": parse_sources(files, directory),
    }
    return json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n"
