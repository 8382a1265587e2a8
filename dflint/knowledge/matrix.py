"""Outcomes of every feature on a set of targets: the builders table."""

from __future__ import annotations

from collections.abc import Iterable

from dflint.knowledge.data import load_raw
from dflint.knowledge.features import features
from dflint.knowledge.outcomes import Outcome, outcome
from dflint.knowledge.targets import Target, parse_target


def default_matrix_targets() -> tuple[Target, ...]:
    """The representative targets of the table (builders.toml [matrix])."""
    return tuple(parse_target(text) for text in load_raw()["builders"]["matrix"]["targets"])


def builders_matrix(targets: Iterable[Target | str] | None = None) -> dict[str, dict[str, Outcome]]:
    """{feature id: {target name: outcome}}, features in data order, targets in the given order."""
    chosen = default_matrix_targets() if targets is None else tuple(
        parse_target(target) if isinstance(target, str) else target for target in targets
    )
    return {subject.id: {str(target): outcome(subject.id, target) for target in chosen} for subject in features()}
