"""Which down-level rewrite (if any) fixes a DF201 finding, and what to say when none does.

A rewrite is offered only on a target that cannot build the feature and that
no `# syntax` pin can help (the classic builder, Buildah, Kaniko): on a
BuildKit target DF205's pin is the fix. The rewrites themselves live in
`dflint.fix.downlevel`; this module knows, per feature, which one applies and
what the stage looks like at that instruction (its SHELL and USER).
"""

from __future__ import annotations

from ...records import FrozenRecord
from ...syntax.ast import Instruction

DEFAULT_SHELL = ("/bin/sh", "-c")
_MOUNT_FEATURES = frozenset(
    (
        "run.mount.cache", "run.mount.tmpfs", "run.mount.bind", "run.mount.bind.from",
        "run.mount.tmpfs.size", "run.mount.uid-gid-mode", "run.mount.required",
    )
)  # fmt: skip
_ARCHIVE_SUFFIXES = (".tar", ".gz", ".tgz", ".bz2", ".tbz", ".tbz2", ".xz", ".txz", ".zst", ".lz", ".lzma", ".z")
NEVER_REWRITTEN = {
    "run.mount.secret": (
        "dflint never rewrites a secret mount away, as any other way puts the secret in a layer or the build "
        "history: build with BuildKit (`--secret`), start FROM a pre-built image that already holds what the "
        "secret fetches, or let the CI platform fetch it before the build and COPY only the result"
    ),
    "run.mount.ssh": (
        "dflint never rewrites an SSH mount away, as the key would end up in a layer: build with BuildKit "
        "(`--ssh`), or let the CI platform clone or fetch before the build and COPY the result"
    ),
}
NEVER_REWRITTEN["run.mount.secret.env"] = NEVER_REWRITTEN["run.mount.secret"]


class StageState(FrozenRecord):
    """What an instruction's stage has set before it: SHELL, USER, and whether it is FROM scratch.

    SHELL and USER come from this stage and the stages it is built FROM; an
    external base image's own SHELL and USER are unknown and taken as the
    defaults (/bin/sh -c, root).
    """

    shell: tuple[str, ...]
    user: str | None
    scratch: bool

    __slots__ = ("shell", "user", "scratch")

    def __init__(self, shell: tuple[str, ...], user: str | None, scratch: bool) -> None:
        object.__setattr__(self, "shell", shell)
        object.__setattr__(self, "user", user)
        object.__setattr__(self, "scratch", scratch)


def stage_state(model, ins: Instruction) -> StageState:
    stage = model.stage_of.get(ins.index)
    if stage is None:
        return StageState(DEFAULT_SHELL, None, False)
    chain = []
    current = stage
    while current is not None:
        chain.append(current)
        current = current.base_stage
    shell, user = DEFAULT_SHELL, None
    for part in reversed(chain):
        for other in part.instructions:
            if part is stage and other.index >= ins.index:
                break
            if other.keyword == "SHELL" and other.json_form and other.args:
                shell = tuple(other.args)
            elif other.keyword == "USER" and other.args:
                user = other.args[0]
    return StageState(shell, user, chain[-1].is_scratch)


def needs_rewrite(target) -> bool:
    """Targets where only a rewrite helps: no BuildKit frontend that a `# syntax` pin could upgrade."""
    return not target.honours_syntax_directive


def never_rewritten_note(feature_id: str) -> str | None:
    return NEVER_REWRITTEN.get(feature_id)


def rewrite_for(ctx, use) -> tuple[object | None, str | None]:
    """(Fix or None, why there is no fix or None) for one feature use on a target that needs it."""
    from ...fix import downlevel

    ins = use.instruction
    if ins is None:
        return None, None
    command = ins.command
    feature = use.feature
    state = stage_state(ctx.model, ins)
    lines = ctx.doc.lines
    if feature in ("heredoc", "heredoc.onbuild", "heredoc.quoted", "heredoc.whitespace") and command.keyword == "RUN":
        if command.flags_named("mount"):
            return None, None  # emulate_mounts rewrites the heredoc with the mounts
        return downlevel.heredoc_run(ins, state.shell), None
    if feature.startswith("heredoc") and command.keyword == "COPY":
        fix = downlevel.heredoc_copy(ins, user=state.user, scratch=state.scratch)
        return fix, None if fix else "no rewrite keeps this file the same (scratch stage, expansion in the body, or several heredocs)"
    if feature in ("copy.link", "add.link"):
        return downlevel.copy_link(ins, lines), None
    if feature in ("copy.chmod", "add.chmod"):
        if _copies_a_directory_or_archive(ctx, ins):
            return None, "the source is a directory or an archive, so a chmod after the copy would not give the same modes"
        return downlevel.copy_chmod(ins, lines, user=state.user, scratch=state.scratch), None
    if feature in _MOUNT_FEATURES or feature == "run.mount":
        fix = downlevel.emulate_mounts(ins, user=state.user, shell=state.shell)
        if fix is None:
            return None, "no rewrite keeps the image the same here (a variable path, a secret or SSH mount on the same RUN, or other BuildKit-only RUN flags)"
        return fix, None
    if feature in ("from.platform.variable", "platform-args"):
        return _platform_fix(ctx, ins, use)
    return None, None


def _platform_fix(ctx, ins: Instruction, use):
    from ...fix import downlevel

    platforms = ctx.options.platforms
    if len(platforms) != 1 or "," in platforms[0]:
        return None, "give exactly one --platform to let dflint write the platform values out"
    try:
        values = downlevel.platform_values(platforms[0])
    except ValueError:
        return None, None
    if ins.keyword == "ARG":
        name = use.detail.removeprefix("ARG ").strip()
        return None, f"pass `--build-arg {name}={values.get(name, '')}` to the classic builder (a default in the ARG would freeze it for BuildKit builds too)"
    if use.feature == "from.platform.variable":
        return downlevel.drop_from_platform(ins, ctx.doc.lines, values), None
    return downlevel.pin_from_image(ins, values), None


def _copies_a_directory_or_archive(ctx, ins: Instruction) -> bool:
    """A source the chmod rewrite cannot handle: a context directory, or an archive ADD unpacks."""
    from pathlib import Path

    command = ins.command
    sources = command.args[:-1]
    if command.keyword == "ADD" and any(s.lower().endswith(_ARCHIVE_SUFFIXES) for s in sources):
        return True
    if command.flag("from") is not None:
        return False
    path = ctx.path if ctx.path not in (None, "-") else None
    context = ctx.options.context_dir or (Path(path).parent if path else None)
    return context is not None and any((Path(context) / s).is_dir() for s in sources)
