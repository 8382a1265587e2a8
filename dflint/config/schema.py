"""The configuration file's schema, validated with pydantic v2 (imported only when a file exists).

Every key is optional; unknown keys, wrong types and unknown rule ids are errors.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Level = Literal["error", "warning", "info", "style"]
Threshold = Literal["error", "warning", "info", "style", "none"]
# hadolint's label-schema types, so that .hadolint.yaml label schemas carry over.
LabelType = Literal["text", "url", "semver", "hash", "rfc3339", "spdx", "email"]
RULE_KEYS_HELP = "a rule id, name, BuildKit check name, hadolint DL code, id prefix or family (see `dflint rules`)"


def _check_rules(keys):
    from ..engine.linter import Selection

    for key in keys or ():
        try:
            Selection.from_keys(select=[key])
        except KeyError:
            raise ValueError(f"unknown rule {key!r}; expected {RULE_KEYS_HELP}") from None
    return keys


class Keys(BaseModel):
    """The keys allowed both at the top level and in a per-path table."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)

    targets: list[str] | None = None
    platforms: list[str] | None = None
    select: list[str] | None = None
    extend_select: list[str] | None = Field(None, alias="extend-select")
    ignore: list[str] | None = None
    severity: dict[str, Level] | None = None
    failure_threshold: Threshold | None = Field(None, alias="failure-threshold")
    trusted_registries: list[str] | None = Field(None, alias="trusted-registries")
    required_labels: dict[str, LabelType] | None = Field(None, alias="required-labels")
    shellcheck: bool | None = None
    context: str | None = None

    @field_validator("select", "extend_select", "ignore")
    @classmethod
    def _known_rules(cls, value):
        return _check_rules(value)

    @field_validator("severity")
    @classmethod
    def _known_severity_rules(cls, value):
        _check_rules(list(value or ()))
        return value


class PerPath(Keys):
    paths: list[str] = Field(min_length=1)


class FileConfig(Keys):
    per_path: list[PerPath] | None = Field(None, alias="per-path")


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]
