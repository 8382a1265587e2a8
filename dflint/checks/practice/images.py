"""Base images without a fixed version, or from registries the project does not trust.

A bare word in FROM is either an official image (`FROM alpine`) or a named build
context (`docker buildx build --build-context base=...`); the two cannot be told
apart from the Dockerfile. So a bare word is only judged when it is a well-known
official image; stages, `scratch`, variables and other bare words never are.
"""

from __future__ import annotations

from ...compat.official_images import OFFICIAL_IMAGES
from ...engine.findings import Issue
from ...engine.registry import check


def split_image(ref: str) -> tuple[str, str, str | None, str | None]:
    """(registry, repository, tag, digest) of an image reference; registry "docker.io" when none."""
    name, _, digest = ref.partition("@")
    first, slash, rest = name.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry, path = first, rest
    else:
        registry, path = "docker.io", name
    repo, colon, tag = path.rpartition(":") if ":" in path.rsplit("/", 1)[-1] else (path, "", "")
    return registry, repo, (tag if colon else None), (digest or None)


def _judged_images(ctx, vias=("from",)):
    """References that certainly name an image (not a stage, scratch, context or variable)."""
    for ref in ctx.model.references:
        if ref.via not in vias:
            continue
        if ref.kind == "image" or (ref.kind == "ambiguous" and ref.name.lower() in OFFICIAL_IMAGES):
            yield ref


@check("DF501")
def untagged_image(ctx):
    for ref in _judged_images(ctx):
        _, _, tag, digest = split_image(ref.name)
        if tag is None and digest is None:
            yield Issue(ref.span, f"Always tag the version of an image explicitly: `{ref.name}` means `{ref.name}:latest`, which changes under you")


@check("DF502")
def latest_tag(ctx):
    for ref in _judged_images(ctx):
        _, _, tag, digest = split_image(ref.name)
        if tag == "latest" and digest is None:
            yield Issue(ref.span, f"Pin a version instead of `:latest` in `{ref.name}`")


def _trusted(registry: str, patterns) -> bool:
    from fnmatch import fnmatch

    aliases = {registry, "hub.docker.com", "index.docker.io"} if registry == "docker.io" else {registry}
    return any(fnmatch(name, pattern) for name in aliases for pattern in patterns)


@check("DF516")
def untrusted_registry(ctx):
    """Images may only come from the registries in `trusted_registries` (when that option is set)."""
    trusted = ctx.options.trusted_registries
    if not trusted:
        return
    for ref in _judged_images(ctx, ("from", "copy-from", "mount-from")):
        registry = split_image(ref.name)[0]
        if not _trusted(registry, trusted):
            yield Issue(ref.span, f"`{ref.name}` comes from {registry}, which is not a trusted registry ({', '.join(trusted)})")
