"""What a check gets to look at: the parsed file, the semantic model and the options."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..syntax.ast import Document


@dataclass(slots=True)
class LintOptions:
    """Per-run choices that change what rules report (not which rules run)."""

    targets: tuple = ()  # knowledge.Target objects
    platforms: tuple[str, ...] = ()  # e.g. ("linux/amd64", "linux/arm64")
    context_dir: Path | None = None  # build context, for .dockerignore
    shellcheck: bool = False
    trusted_registries: tuple[str, ...] = ()
    required_labels: dict = field(default_factory=dict)  # label -> schema type
    build_args: dict = field(default_factory=dict)


class LintContext:
    """Shared, lazily computed views of one Dockerfile for all checks."""

    def __init__(self, doc: Document, options: LintOptions, path: str | None = None) -> None:
        self.doc = doc
        self.options = options
        self.path = path
        self._memo: dict = {}

    @cached_property
    def model(self):
        from ..model import build_model

        return build_model(self.doc)

    def memo(self, key, factory):
        """Compute something once per file and share it between checks."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = factory()
            return value

    @property
    def instructions(self):
        return self.doc.instructions
