"""What a check gets to look at: the parsed file, the semantic model and the options."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from ..records import Record
from ..syntax.ast import Document


class LintOptions(Record):
    """Per-run choices that change what rules report (not which rules run)."""

    targets: tuple  # knowledge.Target objects
    platforms: tuple[str, ...]  # e.g. ("linux/amd64", "linux/arm64")
    context_dir: Path | None  # build context, for .dockerignore
    shellcheck: bool
    trusted_registries: tuple[str, ...]
    required_labels: dict  # label -> schema type
    build_args: dict

    __slots__ = ("targets", "platforms", "context_dir", "shellcheck", "trusted_registries", "required_labels", "build_args")

    def __init__(
        self,
        targets: tuple = (),
        platforms: tuple[str, ...] = (),
        context_dir: Path | None = None,
        shellcheck: bool = False,
        trusted_registries: tuple[str, ...] = (),
        required_labels: dict | None = None,
        build_args: dict | None = None,
    ) -> None:
        self.targets = targets
        self.platforms = platforms
        self.context_dir = context_dir
        self.shellcheck = shellcheck
        self.trusted_registries = trusted_registries
        self.required_labels = {} if required_labels is None else required_labels
        self.build_args = {} if build_args is None else build_args


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
