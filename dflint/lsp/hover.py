"""Hover texts: a rule's page over its id in a suppression comment, a flag's support over the flag.

Flag facts come from the knowledge base (`dflint.knowledge`): the frontend
version that introduced the flag and what each builder does with it (for the
configured targets, else the knowledge base's representative builders).
"""

from __future__ import annotations

import re

_SUPPRESSION = re.compile(r"^\s*#\s*(?:(?:dflint|hadolint)\s+(?:global\s+)?ignore\s*=|check\s*=)", re.I)
_WORD = re.compile(r"[A-Za-z0-9_.-]+")
KIND_TEXT = {"ok": "builds", "ignored": "ignores it", "error": "fails", "unknown": "unknown"}


def _word_at(text: str, column: int) -> tuple[str, int, int] | None:
    """The word covering the 1-based column, with its 1-based start and exclusive end."""
    for match in _WORD.finditer(text):
        if match.start() < column <= match.end():
            return match.group(), match.start() + 1, match.end() + 1
    return None


def rule_hover(line_text: str, column: int):
    """(markdown, (start, end)) for a rule id/name/alias under the cursor in a suppression comment."""
    if not _SUPPRESSION.match(line_text):
        return None
    found = _word_at(line_text, column)
    if not found:
        return None
    from ..engine.catalog import catalog
    from ..report.links import rule_url

    word, start, end = found
    rules = catalog().resolve(word)
    if not rules:
        return None
    parts = []
    for meta in rules:
        aliases = f" · aliases: {', '.join(meta.aliases)}" if meta.aliases else ""
        footer = f"*{meta.severity} · {meta.family}{aliases}* · [rule page]({rule_url(meta)})"
        parts.append(f"{meta.page().rstrip()}\n\n{footer}")
    return "\n\n---\n\n".join(parts), (start, end)


def _flag_features(keyword: str, flag_name: str):
    from ..knowledge import features

    return [f for f in features() if f.flag == flag_name and keyword in f.instructions and f.parent is None]


def flag_hover(doc, line: int, column: int, targets=()):
    """(markdown, span) for an instruction flag under the cursor, from the knowledge base."""
    for ins in doc.instructions:
        if not (ins.span.line <= line <= ins.span.end_line):
            continue
        for flag in ins.command.flags:
            s = flag.span
            if (s.line, s.column) <= (line, column) < (s.end_line, s.end_column):
                text = flag_text(ins.command.keyword, flag.name, targets, line=ins.span.line)
                return (text, s) if text else None
    return None


def flag_text(keyword: str, flag_name: str, targets=(), *, line: int | None = None) -> str | None:
    from ..knowledge import default_matrix_targets, outcome

    found = _flag_features(keyword, flag_name)
    if not found:
        return None
    chosen = tuple(targets) or default_matrix_targets()
    blocks = []
    for feature in found:
        since = []
        if feature.stable is not None:
            since.append(f"`docker/dockerfile:{feature.stable}`")
        if feature.labs is not None:
            since.append(f"`docker/dockerfile:{feature.labs}` (labs)")
        rows = ["| builder | result |", "|---|---|"]
        for target in chosen:
            result = outcome(feature.id, target)
            exact = result.kind == "error" and result.exact
            detail = (result.render(line=line if line is not None else "N") if exact else result.note) or ""
            cell = KIND_TEXT.get(result.kind, result.kind) + (f": {detail}" if detail else "")
            rows.append(f"| {target} | {cell.replace('|', '/')} |")
        head = f"**{keyword} --{flag_name}** — {feature.title}"
        minimum = f"Minimum frontend: {' or '.join(since)}" if since else "Minimum frontend: not in a stable frontend"
        blocks.append("\n\n".join([head, minimum, "\n".join(rows)]))
    return "\n\n---\n\n".join(blocks)
