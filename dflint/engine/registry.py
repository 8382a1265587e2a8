"""One registry of checks. A check is a generator function in a module under
`dflint/checks/<family>/`, registered with `@check("DF123", ...)` for the rule
ids it reports; it yields `Issue`s and knows nothing of configuration or output.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from .findings import Issue

CheckFn = Callable[["object"], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class Check:
    rules: tuple[str, ...]
    fn: CheckFn
    module: str


_CHECKS: list[Check] = []


def check(*rule_ids: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function for the rules it may report."""

    def register(fn: CheckFn) -> CheckFn:
        _CHECKS.append(Check(tuple(rule_ids), fn, fn.__module__))
        return fn

    return register


@cache
def all_checks() -> tuple[Check, ...]:
    """Import every check module once and return the registered checks."""
    import dflint.checks as root

    for family in pkgutil.iter_modules(root.__path__, root.__name__ + "."):
        if not family.ispkg:
            continue
        package = importlib.import_module(family.name)
        for module in pkgutil.iter_modules(package.__path__, family.name + "."):
            importlib.import_module(module.name)
    return tuple(_CHECKS)
