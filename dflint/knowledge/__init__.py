"""The builder/feature knowledge base (rules/knowledge/) and its query API.

    from dflint.knowledge import outcome, parse_target
    outcome("heredoc", parse_target("legacy:20.10")).kind   # "error"
"""

from dflint.knowledge.data import KnowledgeDataError
from dflint.knowledge.features import Fact, Feature, UnknownFeatureError, feature, features
from dflint.knowledge.frontend import FrontendVersion, FrontendVersionError, SyntaxPin, parse_syntax_directive
from dflint.knowledge.matrix import builders_matrix, default_matrix_targets
from dflint.knowledge.outcomes import Outcome, Requirements, effective_frontend, outcome, requirements
from dflint.knowledge.targets import Target, TargetError, accepted_forms, parse_target
from dflint.knowledge.versions import Version

__all__ = [
    "Fact",
    "Feature",
    "FrontendVersion",
    "FrontendVersionError",
    "KnowledgeDataError",
    "Outcome",
    "Requirements",
    "SyntaxPin",
    "Target",
    "TargetError",
    "UnknownFeatureError",
    "Version",
    "accepted_forms",
    "builders_matrix",
    "default_matrix_targets",
    "effective_frontend",
    "feature",
    "features",
    "outcome",
    "parse_syntax_directive",
    "parse_target",
    "requirements",
]
