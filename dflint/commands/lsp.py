"""`dflint lsp`: run the language server over stdio (no extra dependencies)."""

from __future__ import annotations


def run(args) -> int:
    from ..lsp.server import serve

    return serve(args.debounce_ms)
