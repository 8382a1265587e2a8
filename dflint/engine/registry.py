"""One registry of checks. A check is a generator function in a module under
`dflint/checks/<family>/`, registered with `@check("DF123", ...)` for the rule
ids it reports; it yields `Issue`s and knows nothing of configuration or output.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from functools import cache

from ..records import FrozenRecord
from .findings import Issue

CheckFn = Callable[["object"], Iterable[Issue]]


class Check(FrozenRecord):
    rules: tuple[str, ...]
    fn: CheckFn
    module: str

    __slots__ = ("rules", "fn", "module")

    def __init__(self, rules: tuple[str, ...], fn: CheckFn, module: str) -> None:
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "fn", fn)
        object.__setattr__(self, "module", module)


_CHECKS: list[Check] = []


def check(*rule_ids: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function for the rules it may report."""

    def register(fn: CheckFn) -> CheckFn:
        _CHECKS.append(Check(tuple(rule_ids), fn, fn.__module__))
        return fn

    return register


def _modules(directory: str) -> list[str]:
    """Module names in a package folder, sorted as `pkgutil.iter_modules` lists them
    (os.listdir: pkgutil would import `inspect` and `typing`, ~10 ms at start-up)."""
    return sorted(name[:-3] for name in os.listdir(directory)
                  if name.endswith(".py") and name != "__init__.py" and "." not in name[:-3])


def _packages(directory: str) -> list[str]:
    return sorted(name for name in os.listdir(directory)
                  if "." not in name and os.path.isfile(os.path.join(directory, name, "__init__.py")))


@cache
def all_checks() -> tuple[Check, ...]:
    """Import every check module once and return the registered checks."""
    import dflint.checks as root

    base = root.__path__[0]
    for family in _packages(base):
        for module in _modules(os.path.join(base, family)):
            importlib.import_module(f"{root.__name__}.{family}.{module}")
    return tuple(_CHECKS)
