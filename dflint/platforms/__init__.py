"""Target platforms: parsing and normalising platform specifiers (containerd's
rules), whether a Dockerfile is meant to be multi-platform, the analyses behind
the DF3xx rules, and `platform_summary`, which says which platforms a
Dockerfile builds a right image for and why not for the others.
"""

from __future__ import annotations

from .spec import (
    Platform,
    PlatformError,
    host_platform,
    normalize_arch,
    normalize_os,
    parse_platform,
)

__all__ = [
    "Platform",
    "PlatformError",
    "host_platform",
    "normalize_arch",
    "normalize_os",
    "parse_platform",
    "platform_summary",
]


def platform_summary(ctx_or_doc, platforms=(), build_platform=None):
    """See `dflint.platforms.summary.platform_summary` (imported on first use)."""
    from .summary import platform_summary as summarize

    return summarize(ctx_or_doc, platforms, build_platform)

