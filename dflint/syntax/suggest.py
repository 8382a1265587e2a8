"""'Did you mean …?' suggestions, as BuildKit's util/suggest makes them."""

from __future__ import annotations

_THRESHOLD = 3  # BuildKit suggests only options closer than this edit distance


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    return _distance_below(a, b, len(a) + len(b) + 1)  # no distance reaches that limit


def closest(value: str, options, *, case_sensitive: bool = False) -> str | None:
    """The option nearest to `value`, if it is near enough to be a likely typo."""
    if not value:
        return None
    probe = value if case_sensitive else value.lower()
    best, best_distance = None, _THRESHOLD
    for option in options:
        candidate = option if case_sensitive else option.lower()
        if abs(len(candidate) - len(probe)) >= best_distance:  # the distance is at least that
            continue
        distance = _distance_below(probe, candidate, best_distance)
        if distance < best_distance:
            best, best_distance = option, distance
    return best


def _distance_below(a: str, b: str, limit: int) -> int:
    """`edit_distance(a, b)` when it is below `limit`, else some value >= `limit`: a row of
    the table never has a smaller minimum than the row before, so a row at or above
    `limit` everywhere ends the work (this runs for every undefined variable and flag)."""
    if a == b:
        return 0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) >= limit:
            return limit
        previous = current
    return previous[-1]
