"""Rewrites of BuildKit-only syntax into what older builders build, with the same image.

Each function takes an instruction (and what it needs to know about its stage)
and returns a `Fix`, or None when no rewrite keeps the resulting image the same.
The rewrites reproduce what BuildKit itself does:

- `RUN <<EOF` (the heredoc is the whole command): BuildKit runs
  `SHELL + [body]`; with a `#!` first line it writes the body to a 0755 file and
  runs that file. Written as the exec (JSON) form, the classic builder runs the
  very same argv.
- `RUN cmd <<EOF …` (a heredoc inside a command): BuildKit hands the shell
  `cmd <<EOF\\n<body>EOF` and lets the shell do the heredoc; the exec form with
  that text does the same.
- `COPY <<EOF /dest`: a RUN that writes the same bytes with the same mode, as
  root (COPY ignores USER), when the body needs no Dockerfile-level expansion.
- `COPY --chmod=M src dest`: COPY then `RUN chmod M dest` (one more layer that
  holds the file again), when the copied path is known exactly.
- `COPY --link`: the flag only changes layer reuse, never the files.
- cache, tmpfs and bind mounts: one RUN hides what is at the target, puts an
  empty directory (or the bind source, COPYed to a temporary path first)
  there, runs the same argv, and restores the target as BuildKit leaves it;
  the files are the same but no cache is reused (unsafe).
- `FROM --platform=$BUILDPLATFORM` for exactly one platform: the flag goes,
  as the classic builder builds natively (unsafe: it hard-codes that case).

Secret and SSH mounts are never rewritten: any replacement would leak them.
"""

from __future__ import annotations

import json
import posixpath
import re

from ..engine.findings import Edit, Fix
from ..syntax.ast import Flag, Instruction, Span

DEFAULT_SHELL = ("/bin/sh", "-c")
MAX_LINE = 60_000  # stay clear of BuildKit's 65535-byte line limit


def _exec_form(keyword: str, argv: list[str]) -> str | None:
    text = f"{keyword} " + json.dumps(argv, ensure_ascii=False)
    if len(text.encode("utf-8")) > MAX_LINE:
        return None
    return text


def _replace_instruction(ins: Instruction, new_text: str, description: str, safety: str = "safe") -> Fix:
    span = Span(ins.span.line, ins.span.column, ins.span.end_line, ins.span.end_column)
    return Fix(description, (Edit(span, new_text),), safety)


def _body(heredoc) -> str:
    return heredoc.content


def heredoc_argv(run: Instruction, shell: tuple[str, ...] = DEFAULT_SHELL) -> tuple[list[str], str]:
    """The argv BuildKit runs for a heredoc RUN, and a note saying how it was derived."""
    from ..syntax.heredoc import parse_opener

    command = run.args[0]
    single = parse_opener(command) if len(run.heredocs) == 1 else None
    if single is not None:
        body = _body(run.heredocs[0])
        if body.startswith("#!"):
            name = "/tmp/dflint-heredoc-" + "".join(c if c.isalnum() else "-" for c in run.heredocs[0].name)
            script = f'printf \'%s\' "$1" > {name} && chmod 0755 {name} && {name}; s=$?; rm -f {name}; exit $s'
            return [*DEFAULT_SHELL, script, "sh", body], "the script runs from a temporary file, as BuildKit runs it from a 0755 file"
        return [*shell, body], "the same shell and script text BuildKit runs"
    full = command
    for heredoc in run.heredocs:
        full += "\n" + heredoc.body + heredoc.name
    return [*shell, full], "the shell receives the same command and heredoc text BuildKit gives it"


def heredoc_run(ins: Instruction, shell: tuple[str, ...] = DEFAULT_SHELL) -> Fix | None:
    """`RUN <<EOF …` → `RUN ["/bin/sh", "-c", …]` running exactly what BuildKit runs."""
    run = ins.command
    if run.keyword != "RUN" or not run.heredocs or run.json_form or not run.args:
        return None
    if any(f.name == "mount" or f.name in ("network", "security", "device") for f in run.flags):
        return None  # those flags need BuildKit anyway; emulate_mounts handles mounts and heredoc together
    argv, note = heredoc_argv(run, shell)
    text = _exec_form("RUN", argv)
    if text is None:
        return None
    prefix = "ONBUILD " if ins.child is not None else ""
    return _replace_instruction(ins, prefix + text, f"rewrite the heredoc RUN in exec form ({note})")


def heredoc_copy(ins: Instruction, *, user: str | None, scratch: bool) -> Fix | None:
    """`COPY <<EOF /dest` → a RUN writing the same file (no expansion needed, not scratch)."""
    if ins.keyword != "COPY" or ins.json_form or not ins.heredocs or scratch or ins.child is not None:
        return None
    if len(ins.heredocs) != 1 or len(ins.args) != 2:
        return None
    heredoc = ins.heredocs[0]
    body = _body(heredoc)
    if heredoc.expand and "$" in body:
        return None  # BuildKit expands build variables in the body: not reproducible exactly
    if any(f.name not in ("chmod", "chown") for f in ins.flags):
        return None
    dest = ins.args[1]
    if "$" in dest or any(c in dest for c in "*?["):
        return None
    path = posixpath.join(dest, heredoc.name) if dest.endswith("/") else dest
    chmod = ins.flag("chmod")
    mode = chmod.value if chmod and chmod.value else "0644"
    if not mode.isdigit():
        return None
    script = 'mkdir -p "$(dirname "$2")" && printf \'%s\' "$1" > "$2" && chmod ' + mode + ' "$2"'
    chown = ins.flag("chown")
    if chown and chown.value:
        if "$" in chown.value:
            return None
        script += f' && chown {chown.value} "$2"'
    argv = [*DEFAULT_SHELL, script, "sh", body, path]
    text = _exec_form("RUN", argv)
    if text is None:
        return None
    if user and user not in ("root", "0", "0:0"):
        text = f"USER root\n{text}\nUSER {user}"
    return _replace_instruction(
        ins, text, "write the heredoc file with a RUN (same content and mode; needs /bin/sh in the image)"
    )


def _remove_flag(lines: list[str], flag: Flag) -> Edit:
    """Delete a flag and the blanks that follow it on the same line."""
    span = flag.span
    text = lines[span.end_line - 1]
    end = span.end_column
    while end <= len(text) and text[end - 1] in " \t":
        end += 1
    return Edit(Span(span.line, span.column, span.end_line, end), "")


def drop_flags(ins: Instruction, lines: list[str], names: tuple[str, ...], description: str, safety: str) -> Fix | None:
    flags = [f for f in ins.command.flags if f.name in names]
    if not flags:
        return None
    return Fix(description, tuple(_remove_flag(lines, f) for f in flags), safety)


def copy_link(ins: Instruction, lines: list[str]) -> Fix | None:
    return drop_flags(ins, lines, ("link",), "drop --link (it only changes layer reuse, not the files)", "safe")


_HIDDEN = ".dflint-hidden"
_STAGED = ".dflint-mount"
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9_./@%+=:,-]+$")


def _mount_plan(run: Instruction) -> list | None:
    """The mounts to emulate, or None when one of them cannot be emulated."""
    from ..syntax.mounts import MountError, parse_mount

    mounts = []
    for flag in run.flags:
        if flag.name != "mount":
            return None  # --network, --security, --device need BuildKit anyway
        try:
            mount = parse_mount(flag.value or "")
        except MountError:
            return None
        if mount.type not in ("cache", "tmpfs", "bind"):
            return None  # secrets and SSH agents cannot be brought in without leaking them
        words = [mount.target or "", mount.source or "", mount.from_ or ""]
        if not mount.target or any(w and not _PLAIN_PATH.match(w) for w in words):
            return None  # variables, spaces or quotes: the path is not known exactly
        if mount.type == "cache" and (mount.from_ or mount.source):
            return None  # a cache seeded from a stage has no classic-builder equivalent
        mounts.append(mount)
    return mounts or None


def _bind_staging(mount) -> str:
    """Where the bind source is COPYed before the RUN: next to the target, moved into place by the RUN."""
    return mount.target.rstrip("/") + _STAGED


def _prepare_script(mounts) -> str:
    """Hide whatever is at each target (as the mount hides it) and put the mount's content there."""
    lines = []
    for mount in mounts:
        target, hidden = _quote(mount.target), _quote(mount.target.rstrip("/") + _HIDDEN)
        lines.append(f"if [ -e {target} ] || [ -h {target} ]; then mv {target} {hidden}; fi")
        if mount.type == "bind":
            lines.append(f"mv {_quote(_bind_staging(mount))} {target}")
            continue
        lines.append(f"mkdir -p {target}")
        uid, gid, mode = (mount.options.get(k) for k in ("uid", "gid", "mode"))
        if uid or gid:
            lines.append(f"chown {uid or 0}:{gid or 0} {target}")
        if mode:
            lines.append(f"chmod {mode} {target}")
    return "\n".join(lines)


def _cleanup_script(mounts) -> str:
    """Drop what the command left in the mount points; restore what they hid, else leave the
    empty directory BuildKit leaves behind for a mount point."""
    lines = []
    for mount in reversed(mounts):
        target, hidden = _quote(mount.target), _quote(mount.target.rstrip("/") + _HIDDEN)
        lines.append(f"rm -rf {target}")
        lines.append(f"if [ -e {hidden} ] || [ -h {hidden} ]; then mv {hidden} {target}; else mkdir -p {target}; fi")
    return "\n".join(lines)


def _quote(path: str) -> str:
    import shlex

    return shlex.quote(path)


def emulate_mounts(
    ins: Instruction, *, user: str | None, shell: tuple[str, ...] = DEFAULT_SHELL
) -> Fix | None:
    """`RUN --mount=type=cache|tmpfs|bind … cmd` → plain instructions that leave the same files.

    BuildKit mounts an empty cache/tmpfs directory, or a stage's (or the
    context's) files, at the target for the one command, and leaves an empty
    directory there in the image. The rewrite COPYs a bind source to a
    temporary path first; one RUN then moves anything already at the target
    aside, puts the mount's content there, runs the very argv BuildKit runs,
    removes what is left at the target, and puts the hidden content back (or
    the empty directory). Unsafe: the files are the same, but the build no
    longer reuses a cache, and a bind source stays in a lower layer.
    """
    run = ins.command
    if ins.child is not None or run.keyword != "RUN" or not run.args:
        return None
    mounts = _mount_plan(run)
    if mounts is None:
        return None
    if run.heredocs:
        argv, _ = heredoc_argv(run, shell)
    else:
        argv = list(run.args) if run.json_form else [*shell, run.args[0]]
    lines = []
    for mount in mounts:
        if mount.type == "bind":
            origin = f"--from={mount.from_} " if mount.from_ else ""
            lines.append(f"COPY {origin}{mount.source or ('/' if mount.from_ else '.')} {_bind_staging(mount)}")
    prepare, cleanup = _prepare_script(mounts), _cleanup_script(mounts)
    if user and user not in ("root", "0", "0:0"):
        # The command runs as the stage's user; mount points are made and removed as root.
        steps = [_exec_form("RUN", [*DEFAULT_SHELL, prepare]), _exec_form("RUN", argv), _exec_form("RUN", [*DEFAULT_SHELL, cleanup])]
        if None in steps:
            return None
        lines += ["USER root", steps[0], f"USER {user}", steps[1], "USER root", steps[2], f"USER {user}"]
    else:
        wrapper = f'{prepare}\n"$@"\ns=$?\n{cleanup}\nexit $s'
        step = _exec_form("RUN", [*DEFAULT_SHELL, wrapper, "dflint-mounts", *argv])
        if step is None:
            return None
        lines.append(step)
    kinds = "/".join(sorted({m.type for m in mounts}))
    return _replace_instruction(
        ins,
        "\n".join(lines),
        f"emulate the {kinds} mount(s) without BuildKit (the same files; the build no longer "
        "reuses a cache, and a lower layer keeps a copy of bound files)",
        "unsafe",
    )


def copy_chmod(ins: Instruction, lines: list[str], *, user: str | None, scratch: bool) -> Fix | None:
    """`COPY --chmod=M src dest` → `COPY src dest` + `RUN chmod M <copied path>`."""
    chmod = ins.flag("chmod")
    if ins.keyword not in ("COPY", "ADD") or chmod is None or not chmod.value or scratch or ins.heredocs:
        return None
    if ins.json_form or len(ins.args) != 2 or not chmod.value.isdigit():
        return None
    src, dest = ins.args
    if any(c in src + dest for c in "$*?[") or src.startswith(("http://", "https://", "git@")):
        return None
    if src.endswith("/") or src in (".", "./"):
        return None  # a directory: chmod -R would also touch what was already there
    path = posixpath.join(dest, posixpath.basename(src)) if dest.endswith("/") else dest
    run = f"RUN chmod {chmod.value} {json.dumps(path) if ' ' in path else path}"
    if user and user not in ("root", "0", "0:0"):
        run = f"USER root\n{run}\nUSER {user}"
    end = Span(ins.span.end_line, ins.span.end_column, ins.span.end_line, ins.span.end_column)
    return Fix(
        "copy without --chmod, then chmod in a RUN (one more layer, which stores the file again)",
        (_remove_flag(lines, chmod), Edit(end, "\n" + run)),
        "unsafe",
    )


def platform_values(platform: str) -> dict[str, str]:
    """The automatic platform ARGs BuildKit sets for a native build of `platform`.

    The classic builder cannot cross-build, so the build platform is the target
    platform: BUILD* and TARGET* get the same values.
    """
    from ..platforms.spec import parse_platform

    parsed = parse_platform(platform)
    values = {"PLATFORM": str(parsed), "OS": parsed.os, "ARCH": parsed.arch, "VARIANT": parsed.variant}
    return {f"{side}{key}": value for side in ("BUILD", "TARGET") for key, value in values.items()}


def _pinned(word: str, values: dict[str, str]) -> str | None:
    """`word` with plain `$NAME`/`${NAME}` references to the platform ARGs replaced by their values.

    None when a reference uses an operator (`${TARGETARCH:-x}`): its value
    then depends on more than the platform.
    """
    from ..syntax.shell_words import find_variable_references

    out, last = [], 0
    for ref in find_variable_references(word):
        if ref.name not in values:
            continue
        if ref.operator is not None or ref.start < last:
            return None
        out.append(word[last : ref.start] + values[ref.name])
        last = ref.end
    return "".join(out) + word[last:] if out else None


def _exact_span(span: Span | None, text: str) -> Span | None:
    """`span` when it covers exactly `text` on one line (no quotes or continuations inside)."""
    if span is None or span.line != span.end_line or span.end_column - span.column != len(text):
        return None
    return span


def drop_from_platform(ins: Instruction, lines: list[str], values: dict[str, str]) -> Fix | None:
    """`FROM --platform=$BUILDPLATFORM img` → `FROM img`, for a build of exactly one platform.

    The classic builder builds natively, one platform at a time, so the build
    platform is the platform built for, which is what FROM pulls without the
    flag. (Writing the value out instead would trip DF117: a constant
    `--platform` pins the image for every other platform too.)
    """
    flag = ins.flag("platform")
    if ins.keyword != "FROM" or flag is None or not flag.value or _pinned(flag.value, values) is None:
        return None
    return Fix(
        f"drop `{flag.raw}`: the classic builder does not set the platform ARGs, and building only "
        f"{values['TARGETPLATFORM']} natively, FROM pulls that platform anyway",
        (_remove_flag(lines, flag),),
        "unsafe",
    )


def pin_from_image(ins: Instruction, values: dict[str, str]) -> Fix | None:
    """`FROM img:$TARGETARCH` → `FROM img:amd64`."""
    if ins.keyword != "FROM" or not ins.args:
        return None
    new = _pinned(ins.args[0], values)
    span = _exact_span(ins.arg_spans[0] if ins.arg_spans else None, ins.args[0])
    if new is None or span is None:
        return None
    return Fix(
        f"write the image out (`{new}`): the classic builder leaves the platform ARGs empty",
        (Edit(span, new),),
        "unsafe",
    )
