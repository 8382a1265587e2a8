"""'Did you mean …?' suggestions, as BuildKit's util/suggest makes them."""

from __future__ import annotations

_THRESHOLD = 3  # BuildKit suggests only options closer than this edit distance


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def closest(value: str, options, *, case_sensitive: bool = False) -> str | None:
    """The option nearest to `value`, if it is near enough to be a likely typo."""
    if not value:
        return None
    probe = value if case_sensitive else value.lower()
    best, best_distance = None, _THRESHOLD
    for option in options:
        distance = edit_distance(probe, option if case_sensitive else option.lower())
        if distance < best_distance:
            best, best_distance = option, distance
    return best
