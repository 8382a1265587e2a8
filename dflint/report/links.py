"""Where a rule's page lives on the web, so every report and the LSP link the same place."""

from __future__ import annotations

REPOSITORY_URL = "https://github.com/dflint/dflint"
_PAGES_URL = REPOSITORY_URL + "/blob/main/rules/"


def rule_url(meta) -> str:
    """The rule page in the repository, e.g. …/blob/main/rules/parse/invalid-mount.md."""
    from ..engine.catalog import rules_dir

    try:
        relative = meta.path.resolve().relative_to(rules_dir().resolve()).as_posix()
    except ValueError:  # a page loaded from elsewhere (tests): family folder + file name
        relative = f"{meta.family}/{meta.path.name}"
    return _PAGES_URL + relative
