"""Reading one configuration file into settings layers, with errors that name file and key."""

from __future__ import annotations

from pathlib import Path

from ..records import Record
from . import ConfigError
from .discover import PYPROJECT
from .settings import Settings

FIELDS = (
    "targets", "platforms", "select", "extend_select", "ignore", "severity", "failure_threshold",
    "trusted_registries", "required_labels", "shellcheck", "context",
)


class Override(Record):
    """A `[[per-path]]` table: settings for files matching its globs (relative to the file's folder)."""

    patterns: tuple[str, ...]
    settings: Settings

    __slots__ = ("patterns", "settings")

    def __init__(self, patterns: tuple[str, ...], settings: Settings) -> None:
        self.patterns = patterns
        self.settings = settings


class LoadedConfig(Record):
    path: Path
    base: Settings
    overrides: list[Override]

    __slots__ = ("path", "base", "overrides")

    def __init__(self, path: Path, base: Settings, overrides: list[Override]) -> None:
        self.path = path
        self.base = base
        self.overrides = overrides

    @property
    def root(self) -> Path:
        return self.path.parent


def _table(path: Path) -> tuple[dict, str]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("dflint")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.dflint] must be a table")
        return table, "[tool.dflint] "
    return data, ""


def _describe(error: dict, where: str) -> str:
    from .schema import FileConfig, PerPath, allowed_keys

    loc = error["loc"]
    key = ".".join(str(part) for part in loc) or "(top level)"
    if error["type"] == "extra_forbidden":
        model = PerPath if "per-path" in loc[:1] and len(loc) > 2 else FileConfig
        allowed = ", ".join(allowed_keys(model))
        return f"{where}unknown key {key!r}; allowed keys: {allowed}"
    message = error["msg"].removeprefix("Value error, ")
    got = error.get("input")
    shown = "" if isinstance(got, dict) or error["type"] == "missing" else f" (got {got!r})"
    return f"{where}{key}: {message}{shown}"


def _settings(model, root: Path, source: str) -> Settings:
    values = {name: getattr(model, name) for name in FIELDS}
    if values["context"] is not None:
        values["context"] = str((root / values["context"]).resolve())
    return Settings(**values, sources=[source])


def load(path: Path) -> LoadedConfig:
    """Validate a .dflint.toml or pyproject.toml; ConfigError on any problem."""
    try:
        from pydantic import ValidationError
    except ImportError:
        raise ConfigError(f"{path}: reading configuration files needs pydantic, a dependency of dflint that is missing from this environment: pip install pydantic") from None

    from .schema import FileConfig

    table, where = _table(path)
    try:
        model = FileConfig.model_validate(table)
    except ValidationError as e:
        problems = "; ".join(_describe(err, where) for err in e.errors())
        raise ConfigError(f"{path}: {problems}") from None
    root = path.parent.resolve()
    overrides = [
        Override(tuple(table_.paths), _settings(table_, root, f"{path} per-path {table_.paths}"))
        for table_ in model.per_path or ()
    ]
    return LoadedConfig(path, _settings(model, root, str(path)), overrides)
