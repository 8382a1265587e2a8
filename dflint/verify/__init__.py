"""Real-builder drivers behind `dflint verify`: detect, build, parse logs, inspect images.

Submodules are imported on demand (`from dflint.verify import run`) so that the
linter's hot path never pays for them.
"""
