"""What each target builder will do with each feature use of a file.

The knowledge base answers per feature (`outcome`); this module applies it to
the uses of one file: it skips refinements that fare exactly like the use they
refine, fills the builder's message with the file's line numbers, and maps the
outcome to a finding severity (a failed build is an error, a build that drops
the feature a warning, a builder dflint has no record of an info).
"""

from __future__ import annotations


from ..records import FrozenRecord
from ..syntax.ast import Document, Instruction
from .uses import FeatureUse

SEVERITY_OF = {"error": "error", "ignored": "warning", "unknown": "info"}
HEREDOC_FEATURES = frozenset(("heredoc", "heredoc.copy", "heredoc.quoted", "heredoc.whitespace", "heredoc.onbuild"))


class Prediction(FrozenRecord):
    """A feature use that does not simply work on `target`."""

    use: FeatureUse
    target: object  # knowledge Target
    outcome: object  # knowledge Outcome
    severity: str
    message: str  # what the builder says (exact text) or does, placeholders filled

    __slots__ = ("use", "target", "outcome", "severity", "message")

    def __init__(self, use: FeatureUse, target: object, outcome: object, severity: str, message: str) -> None:
        object.__setattr__(self, "use", use)
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "outcome", outcome)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "message", message)


def syntax_pin(doc: Document):
    """The file's `# syntax` pin (a knowledge SyntaxPin), or None without the directive."""
    directive = doc.directives.get("syntax")
    if directive is None:
        return None
    from ..knowledge.frontend import parse_syntax_directive

    return parse_syntax_directive(directive.value)


def predict(uses: list[FeatureUse], target, pin, doc: Document) -> list[Prediction]:
    """The uses that fail, are dropped or are unknown on `target`, each with what happens."""
    from ..knowledge.outcomes import outcome

    results = {id(use): outcome(use.feature, target, pin) for use in uses}
    found = []
    for use in uses:
        result = results[id(use)]
        if result.kind == "ok":
            continue
        parent = results.get(id(use.parent)) if use.parent is not None else None
        if parent is not None and (parent.kind, parent.message) == (result.kind, result.message):
            continue  # the broader use already tells this
        found.append(Prediction(use, target, result, SEVERITY_OF[result.kind], render(result, use, doc)))
    return found


def render(result, use: FeatureUse, doc: Document) -> str:
    """The outcome's message with {line}, {word} and {value} taken from the file.

    {value} is what the builder quotes back: a flag's value, or the word that
    holds a substitution."""
    text = result.message or result.note or "no details recorded"
    if "{" not in text:
        return text
    line, word = use.line, ""
    if use.feature in HEREDOC_FEATURES and use.instruction is not None:
        line, word = _first_body_word(use.instruction.command, doc) or (line, word)
    elif use.instruction is not None:
        line = use.instruction.span.line
    detail = use.detail or ""
    value = detail.partition("=")[2] if detail.startswith("--") else detail
    return result.render(line=line, word=word, value=value)


def _first_body_word(ins: Instruction, doc: Document) -> tuple[int, str] | None:
    """Where a parser without heredocs fails: the first body line it reads as an instruction."""
    for heredoc in ins.heredocs:
        for offset, text in enumerate(heredoc.body.splitlines()):
            stripped = text.strip()
            if stripped and not stripped.startswith("#"):
                return heredoc.span.line + offset, stripped.split()[0].upper()
    return None


def requirement_text(requires) -> str:
    """"frontend ≥ 1.4 and BuildKit", "frontend 1.14-labs and BuildKit", "BuildKit", "frontend ≥ 1.7"."""
    from .requirements import short_version

    parts = []
    if requires.labs:
        parts.append(f"frontend {requires.labs_frontend}")
    elif requires.frontend and requires.frontend not in ("1.0", "1.0.0"):
        parts.append(f"frontend ≥ {short_version(requires.frontend)}")
    if requires.buildkit:
        parts.append("BuildKit")
    text = " and ".join(parts) or "any builder"
    if requires.entitlements:
        text += " (entitlement " + ", ".join(f"`{e}`" for e in requires.entitlements) + ")"
    return text


def requires_data(requires) -> dict:
    """The `requires` object of JSON findings."""
    from .requirements import short_version

    frontend = requires.labs_frontend.partition("-")[0] if requires.labs else requires.frontend
    return {
        "frontend": short_version(frontend) if frontend else None,
        "labs": requires.labs,
        "buildkit": requires.buildkit,
    }
