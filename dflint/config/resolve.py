"""From config files, per-path tables and flags to what the engine takes: LintOptions + Selection.

Layers apply in this order, later winning: `.hadolint.yaml` (when asked for),
the nearest dflint config file, its per-path tables that match the file (in file
order), then the command line (or an editor's settings). Loaded files and
built options are cached, so linting a thousand files reads each config once.
"""

from __future__ import annotations

import fnmatch
import json
import os
import sys
from pathlib import Path

from ..records import replace
from . import ConfigError
from .discover import find_config, find_hadolint_config
from .settings import Settings


def matches(patterns, relative: str) -> bool:
    """Glob match against the path relative to the config's folder.

    `*` also crosses folders (fnmatch); a pattern without `/` matches the file
    name anywhere (as in .gitignore), and a leading `**/` may match nothing.
    """
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.removeprefix("./")
        candidates = [pattern] + ([pattern[3:]] if pattern.startswith("**/") else [])
        for candidate in candidates:
            if fnmatch.fnmatchcase(relative, candidate) or ("/" not in candidate and fnmatch.fnmatchcase(name, candidate)):
                return True
    return False


class Resolver:
    """Effective settings per linted file.

    `config` is an explicit config file (else the nearest is found per file),
    `use_config=False` ignores config files, `hadolint` is a .hadolint.yaml path
    or "auto" (nearest one), `overrides` is the command line's layer.
    """

    def __init__(self, overrides: Settings | None = None, *, config: str | None = None,
                 use_config: bool = True, hadolint: str | None = None, notes=None) -> None:
        self.overrides = overrides or Settings()
        self.explicit_config = Path(config) if config else None
        self.use_config = use_config
        self.hadolint = hadolint
        self._loaded: dict[Path, object] = {}
        self._hadolint: dict[Path, Settings] = {}
        self._built: dict[str, tuple] = {}
        self._notes = notes if notes is not None else (lambda message: print(f"dflint: {message}", file=sys.stderr))
        if self.explicit_config is not None and not self.explicit_config.is_file():
            raise ConfigError(f"{config}: no such configuration file")

    def _load(self, path: Path):
        if path not in self._loaded:
            from .load import load

            self._loaded[path] = load(path)
        return self._loaded[path]

    def _hadolint_layer(self, path: str) -> Settings | None:
        if not self.hadolint:
            return None
        found = find_hadolint_config(path) if self.hadolint == "auto" else Path(self.hadolint)
        if found is None:
            return None
        if not found.is_file():
            raise ConfigError(f"{found}: no such hadolint configuration file")
        if found not in self._hadolint:
            from .hadolint import hadolint_settings

            self._hadolint[found], notes = hadolint_settings(found)
            for note in notes:
                self._notes(note)
        return self._hadolint[found]

    def config_file(self, path: str) -> Path | None:
        if not self.use_config:
            return None
        return self.explicit_config or find_config(path)

    def settings_for(self, path: str) -> Settings:
        """The merged settings that apply to the file at `path` ('-' = stdin, from the working directory)."""
        settings = Settings()
        layer = self._hadolint_layer(path)
        if layer is not None:
            settings = settings.merged(layer)
        config_path = self.config_file(path)
        if config_path is not None:
            loaded = self._load(config_path)
            settings = settings.merged(loaded.base)
            if loaded.overrides and path != "-":
                relative = os.path.relpath(os.path.abspath(path), loaded.root.resolve()).replace(os.sep, "/")
                for override in loaded.overrides:
                    if matches(override.patterns, relative):
                        settings = settings.merged(override.settings)
        return settings.merged(self.overrides)

    def build(self, settings: Settings):
        """(LintOptions, Selection) for these settings, built once per distinct settings."""
        key = json.dumps(settings.to_dict(), sort_keys=True)
        if key not in self._built:
            self._built[key] = (build_options(settings), build_selection(settings))
        return self._built[key]

    def for_file(self, path: str):
        """(settings, LintOptions with this file's context folder, Selection)."""
        settings = self.settings_for(path)
        options, selection = self.build(settings)
        if settings.context is None and path != "-":
            options = replace(options, context_dir=Path(path).resolve().parent)
        return settings, options, selection


def _where(settings: Settings) -> str:
    return f" (from {', '.join(settings.sources)})" if settings.sources else ""


def build_options(settings: Settings):
    from ..engine.context import LintOptions

    options = LintOptions(
        platforms=tuple(settings.platforms or ()),
        shellcheck=bool(settings.shellcheck),
        trusted_registries=tuple(settings.trusted_registries or ()),
        required_labels=dict(settings.required_labels or {}),
        context_dir=Path(settings.context) if settings.context else None,
    )
    if settings.targets:
        from ..knowledge import parse_target

        targets = []
        for name in settings.targets:
            try:
                targets.append(parse_target(name))
            except ValueError as e:
                raise ConfigError(f"target {name!r}: {e}{_where(settings)}") from None
        options.targets = tuple(targets)
    return options


def build_selection(settings: Settings):
    from ..engine.catalog import catalog
    from ..engine.linter import Selection

    try:
        selection = Selection.from_keys(select=settings.select or None, ignore=settings.ignore or (), severity=settings.severity)
        if settings.extend_select:
            extra = Selection.from_keys(select=settings.extend_select).select
            base = selection.select if selection.select is not None else frozenset(r.id for r in catalog() if r.enabled)
            selection.select = base | extra
    except KeyError as e:
        raise ConfigError(f"unknown rule {e.args[0]!r} (see `dflint rules`){_where(settings)}") from None
    return selection
