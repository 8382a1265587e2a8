"""`dflint lsp`: run the language server over stdio (needs the optional `lsp` extra)."""

from __future__ import annotations

from ..cli import EXIT_OK, UsageError


def run(args) -> int:
    try:
        from ..lsp.server import build_server
    except ImportError as e:
        raise UsageError(f"the language server needs pygls ({e.name} is missing): pip install 'dflint[lsp]'") from None
    build_server(args.debounce_ms).start_io()
    return EXIT_OK
