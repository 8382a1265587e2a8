"""`dflint rules [ID]`: the catalogue, or one rule's page."""

from __future__ import annotations

import json
import sys

from ..cli import EXIT_OK, UsageError


def run(args) -> int:
    from ..engine.catalog import catalog

    cat = catalog()
    if args.rule:
        found = cat.resolve(args.rule)
        if not found:
            raise UsageError(f"no rule {args.rule!r} (see `dflint rules`)")
        for meta in found:
            if args.format == "json":
                json.dump(_meta(meta) | {"page": meta.page()}, sys.stdout, indent=2)
                sys.stdout.write("\n")
            else:
                aliases = ", ".join(meta.aliases)
                sys.stdout.write(f"{meta.id} {meta.name} ({meta.severity}, {meta.family}{'; ' + aliases if aliases else ''})\n\n")
                sys.stdout.write(meta.page())
        return EXIT_OK
    if args.format == "json":
        json.dump([_meta(m) for m in cat], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    for meta in cat:
        aliases = ",".join(meta.aliases)
        sys.stdout.write(f"{meta.id:<7} {meta.name:<34} {meta.severity:<8} {meta.family:<10} {aliases:<24} {meta.summary}\n")
    return EXIT_OK


def _meta(meta) -> dict:
    return {
        "id": meta.id,
        "name": meta.name,
        "severity": meta.severity,
        "family": meta.family,
        "summary": meta.summary,
        "buildkit_check": meta.buildkit_check,
        "hadolint": list(meta.hadolint),
        "fixable": meta.fixable,
        "enabled_by_default": meta.enabled,
    }
