"""Editor settings (`workspace/configuration` section "dflint", or initializationOptions) → a settings layer.

Keys may be camelCase (VS Code style) or kebab-case (as in .dflint.toml). They
override the project's config files, as command-line flags do. A wrong value is
reported back to the editor and skipped, never fatal.
"""

from __future__ import annotations


from ..records import Record
from ..config.settings import Settings

LISTS = {"targets": "targets", "platforms": "platforms", "select": "select", "ignore": "ignore",
         "extendSelect": "extend_select", "trustedRegistries": "trusted_registries"}
MAPS = {"severity": "severity", "requiredLabels": "required_labels"}
DEFAULT_DEBOUNCE_MS = 50


class EditorSettings(Record):
    layer: Settings
    config: str | None  # explicit config file
    use_config: bool
    hadolint: str | None  # .hadolint.yaml path or "auto"
    debounce_ms: int | None
    problems: list[str]

    __slots__ = ("layer", "config", "use_config", "hadolint", "debounce_ms", "problems")

    def __init__(
        self,
        layer: Settings | None = None,
        config: str | None = None,
        use_config: bool = True,
        hadolint: str | None = None,
        debounce_ms: int | None = None,
        problems: list[str] | None = None,
    ) -> None:
        self.layer = Settings() if layer is None else layer
        self.config = config
        self.use_config = use_config
        self.hadolint = hadolint
        self.debounce_ms = debounce_ms
        self.problems = [] if problems is None else problems


def _camel(key: str) -> str:
    head, *rest = key.split("-")
    return head + "".join(part.title() for part in rest)


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def parse_editor_settings(raw) -> EditorSettings:
    out = EditorSettings()
    if not isinstance(raw, dict):
        return out
    layer = Settings(sources=["editor settings"])
    for key, value in raw.items():
        name = _camel(key)
        if value is None:
            continue
        if name in LISTS:
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not _strings(value):
                out.problems.append(f"dflint.{key}: expected a list of strings")
                continue
            setattr(layer, LISTS[name], value or None)
        elif name in MAPS:
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                out.problems.append(f"dflint.{key}: expected a table of strings")
                continue
            setattr(layer, MAPS[name], value or None)
        elif name == "shellcheck" and isinstance(value, bool):
            layer.shellcheck = value
        elif name == "context" and isinstance(value, str):
            layer.context = value
        elif name == "config" and isinstance(value, str):
            out.config = value or None
        elif name == "useConfig" and isinstance(value, bool):
            out.use_config = value
        elif name == "hadolintConfig" and isinstance(value, str):
            out.hadolint = value or None
        elif name == "debounceMs" and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            out.debounce_ms = value
        elif name == "failureThreshold":
            continue  # only decides exit codes; an editor has none
        else:
            out.problems.append(f"dflint.{key}: unknown setting or wrong type ({value!r})")
    out.layer = layer
    return out
