"""BuildKit's own build checks (`docker build --check`), run without a daemon.

One module per check (or per pair sharing a trigger), each reporting where BuildKit
reports: the line BuildKit's warning points at.
"""
