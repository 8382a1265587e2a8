"""Which BuildKit-era features a Dockerfile uses, and what each builder does with them.

`features_of(ctx)` is the per-file list of `FeatureUse`s (memoised on the lint
context); `detect_features(doc, model)` computes it for callers without one.
"""

from __future__ import annotations

from .detect import detect_features
from .uses import FeatureUse

__all__ = ["FeatureUse", "detect_features", "features_of"]


def features_of(ctx) -> list[FeatureUse]:
    """The feature uses of the file being linted, computed once for all compat checks."""
    return ctx.memo("compat.features", lambda: detect_features(ctx.doc, ctx.model))
