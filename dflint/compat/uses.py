"""What feature detection yields: one use of one knowledge-base feature, where it is."""

from __future__ import annotations


from ..records import FrozenRecord
from ..syntax.ast import Instruction, Span


class FeatureUse(FrozenRecord):
    """A feature (its knowledge-base id) used at `span` by `instruction`.

    `parent` is the broader use this one refines (e.g. `run.mount.secret.env`
    refines the `run.mount.secret` of the same flag): a refinement is only worth
    reporting on a builder where it fares differently from its parent.
    `instruction` is None for file-level uses (parser directives).
    """

    feature: str
    span: Span
    instruction: Instruction | None
    detail: str  # the text that uses the feature, e.g. "--mount=type=cache,target=/x"
    parent: FeatureUse | None

    __slots__ = ("feature", "span", "instruction", "detail", "parent")

    def __init__(
        self,
        feature: str,
        span: Span,
        instruction: Instruction | None,
        detail: str = "",
        parent: FeatureUse | None = None,
    ) -> None:
        object.__setattr__(self, "feature", feature)
        object.__setattr__(self, "span", span)
        object.__setattr__(self, "instruction", instruction)
        object.__setattr__(self, "detail", detail)
        object.__setattr__(self, "parent", parent)

    @property
    def line(self) -> int:
        return self.span.line
