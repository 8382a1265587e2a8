"""Reading hadolint's `.hadolint.yaml` as a settings layer, DL codes mapped through rule aliases.

Mapped keys: `ignored`, `override.{error,warning,info,style}`, `failure-threshold`,
`trustedRegistries`, `label-schema`, `strict-labels` (enables the rule that
mirrors hadolint's DL3050). YAML is read with PyYAML when it is installed, else
with `yaml_subset` (which covers what these files contain). Codes no dflint rule
mirrors, and hadolint keys with no dflint meaning, are reported as notes, not
errors: a migration should not stop at the first unknown code.
"""

from __future__ import annotations

from pathlib import Path

from . import ConfigError
from .settings import Settings

LEVELS = ("error", "warning", "info", "style")
UNMAPPED_KEYS = ("no-fail", "no-color", "format", "verbose", "disable-ignore-pragma", "output-file")
STRICT_LABELS_CODE = "DL3050"


def read_yaml(path: Path):
    text = path.read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:
        from .yaml_subset import YamlSubsetError, load

        try:
            return load(text)
        except YamlSubsetError as e:
            raise ConfigError(f"{path}: {e}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}") from None


def _ids(codes, key: str, path: Path, notes: list[str]) -> list[str]:
    from ..engine.catalog import catalog

    if not isinstance(codes, list):
        raise ConfigError(f"{path}: {key}: expected a list of rule codes, got {codes!r}")
    out: list[str] = []
    for code in codes:
        rules = catalog().resolve(str(code))
        if not rules:
            notes.append(f"{path}: {key}: no dflint rule mirrors {code}; skipped")
        out.extend(r.id for r in rules if r.id not in out)
    return out


def hadolint_settings(path: Path) -> tuple[Settings, list[str]]:
    """The settings a .hadolint.yaml expresses, and notes about what did not carry over."""
    try:
        data = read_yaml(path)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    if data is None:
        return Settings(sources=[str(path)]), []
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of hadolint settings")
    notes: list[str] = []
    out = Settings(sources=[str(path)])
    for key, value in data.items():
        if key == "ignored":
            out.ignore = _ids(value, key, path, notes)
        elif key == "override":
            if not isinstance(value, dict) or set(value) - set(LEVELS):
                raise ConfigError(f"{path}: override: expected a mapping with keys {', '.join(LEVELS)}")
            out.severity = {rule: level for level in LEVELS for rule in _ids(value.get(level) or [], f"override.{level}", path, notes)}
        elif key == "failure-threshold":
            if value not in (*LEVELS, "ignore", "none"):
                raise ConfigError(f"{path}: failure-threshold: expected one of {', '.join(LEVELS)}, none (got {value!r})")
            out.failure_threshold = "none" if value == "ignore" else value
        elif key == "trustedRegistries":
            if not isinstance(value, list):
                raise ConfigError(f"{path}: trustedRegistries: expected a list of registries")
            out.trusted_registries = [str(v) for v in value]
        elif key == "label-schema":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: label-schema: expected a mapping of label to type")
            out.required_labels = {str(k): str(v) for k, v in value.items()}
        elif key == "strict-labels":
            if value is True:
                out.extend_select = _ids([STRICT_LABELS_CODE], key, path, notes)
        elif key in UNMAPPED_KEYS:
            notes.append(f"{path}: {key}: a hadolint command-line setting; use dflint's flags instead")
        else:
            notes.append(f"{path}: {key}: not a hadolint setting dflint knows; ignored")
    return out, notes
