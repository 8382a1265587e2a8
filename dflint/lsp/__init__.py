"""`dflint lsp`: a language server (pygls, the optional `lsp` extra) for editors.

`server.py` wires the protocol; the other modules are plain functions (positions,
diagnostics, code actions, hover, settings) that tests can call without a client.
"""
