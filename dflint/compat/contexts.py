"""Which `FROM x`, `COPY --from=x` and `RUN --mount=from=x` names are named build contexts.

The heuristic (see docs/compat.md): a bare word (no registry, namespace, tag or
digest) that names no stage of the file is pulled as `docker.io/library/<x>`,
so it builds only if `x` is an official image. A bare word that is not in the
official library therefore can only work as a named context passed with
`--build-context x=…`. Words one edit away from a stage name are more likely
typos of that stage than contexts. ONBUILD triggers are left out: their names
are resolved in the Dockerfile that builds FROM this image.
"""

from __future__ import annotations


from ..records import FrozenRecord
from ..model.types import Model, Reference, Stage


class ContextReference(FrozenRecord):
    """A reference that is no stage and no pullable image; `typo_of` a stage it resembles."""

    reference: Reference
    typo_of: Stage | None

    __slots__ = ("reference", "typo_of")

    def __init__(self, reference: Reference, typo_of: Stage | None) -> None:
        object.__setattr__(self, "reference", reference)
        object.__setattr__(self, "typo_of", typo_of)


def _near_stage(name: str, model: Model) -> Stage | None:
    from ..syntax.suggest import edit_distance

    lowered = name.lower()
    for stage in model.stages:
        if stage.name and edit_distance(lowered, stage.name) == 1:
            return stage
    return None


def could_be_official_image(name: str) -> bool:
    from .official_images import OFFICIAL_IMAGES

    return name in OFFICIAL_IMAGES


def context_references(model: Model) -> list[ContextReference]:
    """References that only a named build context (or a fixed typo) can satisfy."""
    found = []
    for ref in model.references:
        if ref.kind != "ambiguous" or ref.instruction.keyword == "ONBUILD":
            continue
        if model.stage_named(ref.name) is not None or could_be_official_image(ref.name):
            continue
        found.append(ContextReference(ref, _near_stage(ref.name, model)))
    return found
