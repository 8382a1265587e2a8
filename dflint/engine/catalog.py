"""The rule catalogue: one Markdown page per rule in `rules/`, metadata in TOML front matter.

The pages are the single source of truth for a rule's id, name, severity, family,
aliases (BuildKit check name, hadolint code) and documentation. They ship inside
the wheel as `dflint/_rules`; in a source checkout they are the top-level `rules/`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from ..records import FrozenRecord

FRONT = "+++"


class RuleMeta(FrozenRecord):
    id: str
    name: str
    severity: str
    family: str
    summary: str
    path: Path
    buildkit_check: str | None
    hadolint: tuple[str, ...]
    fixable: bool
    enabled: bool
    extra: dict

    __slots__ = ("id", "name", "severity", "family", "summary", "path", "buildkit_check", "hadolint", "fixable", "enabled", "extra")
    _compared = ("id", "name", "severity", "family", "summary", "path", "buildkit_check", "hadolint", "fixable", "enabled")

    def __init__(
        self,
        id: str,
        name: str,
        severity: str,
        family: str,
        summary: str,
        path: Path,
        buildkit_check: str | None = None,
        hadolint: tuple[str, ...] = (),
        fixable: bool = False,
        enabled: bool = True,
        extra: dict | None = None,
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "family", family)
        object.__setattr__(self, "summary", summary)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "buildkit_check", buildkit_check)
        object.__setattr__(self, "hadolint", hadolint)
        object.__setattr__(self, "fixable", fixable)
        object.__setattr__(self, "enabled", enabled)
        object.__setattr__(self, "extra", {} if extra is None else extra)

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(a for a in (self.buildkit_check, *self.hadolint) if a)

    def page(self) -> str:
        """The page text without its front matter."""
        text = self.path.read_text(encoding="utf-8")
        if text.startswith(FRONT):
            end = text.index("\n" + FRONT, len(FRONT))
            text = text[end + len(FRONT) + 2 :]
        return text.lstrip("\n")


def rules_dir() -> Path:
    """Where the rule pages are: installed package data, else the source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("dflint's rule pages (rules/) are missing from this installation")


def split_front_matter(text: str) -> tuple[str, str]:
    if not text.startswith(FRONT + "\n"):
        raise ValueError("page does not start with +++ front matter")
    end = text.index("\n" + FRONT + "\n", len(FRONT))
    return text[len(FRONT) + 1 : end + 1], text[end + len(FRONT) + 2 :]


def read_front_matter(front: str) -> dict:
    """The front matter's data: the plain `key = value` lines pages use are read directly
    (tomllib costs ~20 ms for the whole catalogue at every start); anything else goes to tomllib."""
    data = _read_simple(front)
    if data is None:
        import tomllib

        data = tomllib.loads(front)
    return data


def _read_simple(front: str) -> dict | None:
    """`key = "string"`, `key = true|false` and `key = ["string", …]` lines, or None for anything else."""
    data: dict = {}
    for line in front.splitlines():
        key, sep, raw = line.partition(" = ")
        if not sep or not key.replace("_", "").isalnum() or not key.isascii() or key in data:
            return None
        value = _simple_value(raw)
        if value is None:
            return None
        data[key] = value
    return data


def _simple_value(raw: str):
    if raw == "true" or raw == "false":
        return raw == "true"
    if raw.startswith("[") and raw.endswith("]"):
        inner = raw[1:-1]
        if not inner:
            return []
        items = [_simple_string(item) for item in inner.split(", ")]
        return None if None in items else items
    return _simple_string(raw)


def _simple_string(raw: str) -> str | None:
    """A double-quoted string whose only escapes are `\\\\` and `\\"`, without control characters."""
    if len(raw) < 2 or raw[0] != '"' or raw[-1] != '"':
        return None
    inner = raw[1:-1]
    if not inner.isprintable():
        return None
    if "\\" not in inner:
        return None if '"' in inner else inner
    out, escaped = [], False
    for char in inner:
        if escaped:
            if char not in '\\"':
                return None
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return None
        else:
            out.append(char)
    return None if escaped else "".join(out)


def _load_page(path: Path) -> RuleMeta:
    front, _ = split_front_matter(path.read_text(encoding="utf-8"))
    data = read_front_matter(front)
    hadolint = data.pop("hadolint", ())
    if isinstance(hadolint, str):
        hadolint = (hadolint,) if hadolint else ()
    known = {"id", "name", "severity", "family", "summary", "buildkit_check", "fixable", "enabled"}
    return RuleMeta(
        id=data["id"],
        name=data["name"],
        severity=data["severity"],
        family=data["family"],
        summary=data["summary"],
        path=path,
        buildkit_check=data.get("buildkit_check") or None,
        hadolint=tuple(hadolint),
        fixable=bool(data.get("fixable", False)),
        enabled=bool(data.get("enabled", True)),
        extra={k: v for k, v in data.items() if k not in known},
    )


class Catalog:
    """All rule pages, addressable by id, name or alias."""

    def __init__(self, rules: list[RuleMeta]) -> None:
        self.rules = sorted(rules, key=lambda r: r.id)
        self.by_id = {r.id: r for r in self.rules}
        self._lookup: dict[str, list[RuleMeta]] = {}
        for r in self.rules:
            for key in (r.id, r.name, *r.aliases):
                self._lookup.setdefault(key.lower(), []).append(r)

    def resolve(self, key: str) -> list[RuleMeta]:
        """Rules named by an id, a name, a BuildKit check name or a hadolint code."""
        return list(self._lookup.get(key.strip().lower(), ()))

    def __getitem__(self, rule_id: str) -> RuleMeta:
        return self.by_id[rule_id]

    def __iter__(self):
        return iter(self.rules)


@cache
def catalog() -> Catalog:
    base = rules_dir()
    pages = []
    for dirpath, _, files in os.walk(base):
        if os.path.basename(dirpath) == "knowledge":
            continue
        for name in files:
            if name.endswith(".md") and name != "README.md":
                pages.append(_load_page(Path(dirpath, name)))
    return Catalog(pages)
