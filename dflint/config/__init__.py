"""Project configuration: `[tool.dflint]` in pyproject.toml or a `.dflint.toml`.

The nearest file above each linted Dockerfile wins (the walk stops at a folder
holding `.git`). Finding the file costs a few `stat` calls; pydantic, which
validates it, is imported only when a file is actually found, so the no-config
path stays fast. Command-line flags override the file.
"""

from __future__ import annotations


class ConfigError(Exception):
    """A configuration file that cannot be used; reported as one line, exit code 2."""
