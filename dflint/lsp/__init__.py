"""`dflint lsp`: a language server for editors, JSON-RPC over stdio with no dependencies.

`jsonrpc.py` frames and checks messages, `endpoint.py` reads them on a thread
and dispatches them, `server.py` is the LSP itself; the other modules are
plain functions (documents, URIs, positions, diagnostics, code actions, hover,
settings) that tests can call without a client. See docs/lsp.md.
"""
