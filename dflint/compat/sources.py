"""What an ADD source or a URL holds: a git repository, or credentials.

Mirrors BuildKit's Dockerfile frontend: a source is a git repository when it
uses a git transport (`git://`, `git@host:`, `ssh://`) or is an http(s) URL whose
path ends in `.git` (a `#ref` fragment may follow); other http(s) URLs are
downloads.
"""

from __future__ import annotations

import re

_GIT_TRANSPORT = re.compile(r"^(?:git://|ssh://|git@[^:/]+:)", re.IGNORECASE)
_HTTP_GIT = re.compile(r"^https?://[^#]+\.git(?:#.*)?$", re.IGNORECASE)
CREDENTIALS_IN_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://([^/\s:@'\"]+):([^/\s@'\"]+)@[^\s/'\"]+", re.IGNORECASE)


def is_git_source(source: str) -> bool:
    return bool(_GIT_TRANSPORT.match(source) or _HTTP_GIT.match(source))

