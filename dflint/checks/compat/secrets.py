"""Build secrets: how they reach a RUN, and where they leak instead.

DF208: a secret mount that is not `required`, so a build without `--secret`
goes on without it. DF209: credentials written into a URL (`https://user:pass@…`)
in ADD or RUN, which end up in the Dockerfile, the build history and caches.
DF210: a RUN that reads a secret it does not mount: `/run/secrets/<id>` without
the mount, or `$NAME` that is a secret elsewhere in the file but here the
build argument `ARG NAME`, whose value is recorded in the image history.
"""

from __future__ import annotations

import re

from ...compat.sources import CREDENTIALS_IN_URL
from ...engine.findings import Issue
from ...engine.registry import check
from ...syntax.mounts import MountError, parse_mount
from ...syntax.shell_words import find_variable_references

_SECRET_PATH = re.compile(r"/run/secrets/([A-Za-z0-9_.-]+)")


def _secret_mounts(ctx) -> list[list]:
    """For each instruction, (flag, Mount) for each secret mount of its RUN (ONBUILD
    triggers included); computed once per file for the three checks here."""

    def collect():
        return [_secret_mounts_of(ins) for ins in ctx.doc.instructions]

    return ctx.memo("compat.secret-mounts", collect)


def _secret_mounts_of(ins) -> list:
    command = ins.command
    if command.keyword != "RUN":
        return []
    found = []
    for flag in command.flags_named("mount"):
        try:
            mount = parse_mount(flag.value or "")
        except MountError:
            continue
        if mount.type == "secret":
            found.append((flag, mount))
    return found


def secret_id(mount) -> str | None:
    """The id BuildKit gives the secret: `id=`, else the base name of `target=`."""
    if mount.id:
        return mount.id
    if mount.target:
        return mount.target.rstrip("/").rsplit("/", 1)[-1] or None
    return None


@check("DF208")
def secret_needs_flag(ctx):
    for secret_mounts in _secret_mounts(ctx):
        for flag, mount in secret_mounts:
            if mount.required is True:
                continue
            name = secret_id(mount)
            if name is None or "$" in name:
                continue
            where = f"${mount.env}" if mount.env else (mount.target or f"/run/secrets/{name}")
            yield Issue(
                flag.span,
                f"secret `{name}` must be passed when building (`--secret id={name},src=<file>` or `,env=<VAR>`); "
                f"without it this RUN runs without {where} and the build goes on: add `required=true` to make a missing secret fail the build",
                data={"secret": name},
            )


@check("DF209")
def credentials_in_url(ctx):
    for ins in ctx.doc.instructions:
        command = ins.command
        if command.keyword == "ADD":
            texts = list(zip(command.args[:-1], command.arg_spans[:-1]))
        elif command.keyword == "RUN":
            texts = [(command.original, command.span)] + [(h.body, h.span) for h in command.heredocs]
        else:
            continue
        for text, span in texts:
            if "://" not in text or "@" not in text:  # the pattern needs both
                continue
            for m in CREDENTIALS_IN_URL.finditer(text):
                user, password = m.group(1), m.group(2)
                if "$" in user + password:
                    continue  # a variable: where it comes from is another rule's concern
                yield Issue(
                    span or ins.span,
                    f"credentials in a URL (`{m.group(0).split('://', 1)[0]}://{user}:***@…`): they are stored in the "
                    "Dockerfile, the build history and the build cache; pass them as a build secret "
                    "(`RUN --mount=type=secret,id=…`) instead",
                )


@check("DF210")
def secret_not_mounted(ctx):
    doc = ctx.doc
    mounted_anywhere: dict[str, int] = {}
    secret_mounts = _secret_mounts(ctx)
    for ins in doc.instructions:
        for _, mount in secret_mounts[ins.index]:
            for name in filter(None, (secret_id(mount), mount.env)):
                mounted_anywhere.setdefault(name.lower(), ins.span.line)
    model = ctx.model
    for ins in doc.instructions:
        command = ins.command
        if command.keyword != "RUN":
            continue
        here = set()
        for _, mount in secret_mounts[ins.index]:
            here.update(n.lower() for n in filter(None, (secret_id(mount), mount.env)))
            if mount.target:
                here.add(mount.target.lower())
        scope = model.scope(ins)
        texts = [command.original] + [h.body for h in command.heredocs]
        reported = set()
        for text in texts:
            for m in _SECRET_PATH.finditer(text):
                name = m.group(1)
                if name.lower() in here or m.group(0).lower() in here or name in reported:
                    continue
                reported.add(name)
                arg = scope.get(name)
                extra = ""
                if arg is not None and arg.kind in ("arg", "global-arg") and arg.instruction is not None:
                    extra = f"; `ARG {name}` (line {arg.instruction.span.line}) does not provide it: build args are no secrets"
                yield Issue(
                    _first_line(ins),
                    f"reads {m.group(0)} but mounts no secret `{name}`: the file does not exist in this RUN; "
                    f"add `--mount=type=secret,id={name}`{extra}",
                )
            for name in _variables(text):
                key = name.lower()
                if key in here or key not in mounted_anywhere or name in reported:
                    continue
                arg = scope.get(name)
                if arg is None or arg.kind not in ("arg", "global-arg") or arg.instruction is None:
                    continue
                reported.add(name)
                yield Issue(
                    _first_line(ins),
                    f"`${name}` here is the build argument `ARG {name}` (line {arg.instruction.span.line}), whose value is "
                    f"recorded in the image history, while line {mounted_anywhere[key]} mounts it as a secret: "
                    f"mount the secret in this RUN too (`--mount=type=secret,id={name},env={name}`) and drop the ARG",
                )


def _variables(text: str) -> list[str]:
    if "$" not in text:
        return []
    return [ref.name for ref in find_variable_references(text)]


def _first_line(ins):
    """Where to report a problem of a whole RUN: its keyword."""
    return ins.keyword_span or ins.span
