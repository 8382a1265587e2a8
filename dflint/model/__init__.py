"""The semantic model of a Dockerfile: stages, references between them, variables in scope.

Built once per file from the syntax tree (`build_model`) and shared by all checks.
"""

from __future__ import annotations

from .build import build_model
from .types import Model, Reference, Stage, VarDef

__all__ = ["build_model", "Model", "Reference", "Stage", "VarDef"]
