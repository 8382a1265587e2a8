"""`dflint config [PATH]`: the effective configuration for a path, and where it came from."""

from __future__ import annotations

import json
import sys

from ..cli import EXIT_OK, UsageError

DEFAULTS = {
    "targets": "no target: builder-independent rules only",
    "platforms": "none declared",
    "select": "every rule enabled by default",
    "extend-select": "none",
    "ignore": "none",
    "severity": "each rule's own",
    "trusted-registries": "any registry",
    "required-labels": "none",
    "shellcheck": "off",
    "context": "the Dockerfile's folder",
}


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def run(args) -> int:
    from ..config import ConfigError
    from .check import resolver_for

    try:
        resolver = resolver_for(args)
        settings = resolver.settings_for(args.path)
        resolver.build(settings)  # validates targets and rule keys given on the command line
    except ConfigError as e:
        raise UsageError(str(e)) from None
    values = settings.to_dict()
    if args.format == "json":
        json.dump({"path": args.path, "sources": settings.sources, "settings": values}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    out = sys.stdout
    out.write(f"# effective dflint configuration for {args.path}\n")
    out.write(f"# sources: {', '.join(settings.sources) or 'none (defaults)'}\n")
    for key, value in values.items():
        if value is None:
            out.write(f"# {key} = (not set: {DEFAULTS[key]})\n")
        else:
            out.write(f"{key} = {_toml_value(value)}\n")
    return EXIT_OK
