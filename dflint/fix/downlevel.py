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
- cache and tmpfs mounts: the command sees an empty directory instead of a warm
  cache; the image is the same but the build is slower (unsafe).
"""

from __future__ import annotations

import json
import posixpath

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


def heredoc_run(ins: Instruction, shell: tuple[str, ...] = DEFAULT_SHELL) -> Fix | None:
    """`RUN <<EOF …` → `RUN ["/bin/sh", "-c", …]` running exactly what BuildKit runs."""
    run = ins.command
    if run.keyword != "RUN" or not run.heredocs or run.json_form or not run.args:
        return None
    if any(f.name == "mount" or f.name in ("network", "security", "device") for f in run.flags):
        return None  # those flags need BuildKit anyway; another fix or a note handles them
    from ..syntax.heredoc import parse_opener

    command = run.args[0]
    single = parse_opener(command) if len(run.heredocs) == 1 else None
    if single is not None:
        body = _body(run.heredocs[0])
        if body.startswith("#!"):
            name = "/tmp/dflint-heredoc-" + "".join(c if c.isalnum() else "-" for c in run.heredocs[0].name)
            script = f'printf \'%s\' "$1" > {name} && chmod 0755 {name} && {name}; s=$?; rm -f {name}; exit $s'
            argv = [*DEFAULT_SHELL, script, "sh", body]
            note = "the script runs from a temporary file, as BuildKit runs it from a 0755 file"
        else:
            argv = [*shell, body]
            note = "the same shell and script text BuildKit runs"
    else:
        full = command
        for heredoc in run.heredocs:
            full += "\n" + heredoc.body + heredoc.name
        argv = [*shell, full]
        note = "the shell receives the same command and heredoc text BuildKit gives it"
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


def cache_mounts(ins: Instruction, lines: list[str]) -> Fix | None:
    """Remove cache and tmpfs mounts (unsafe: same image, colder and slower build)."""
    from ..syntax.mounts import MountError, parse_mount

    run = ins.command
    removable = []
    for flag in run.flags_named("mount"):
        try:
            mount = parse_mount(flag.value or "")
        except MountError:
            return None
        if mount.type not in ("cache", "tmpfs"):
            return None  # secrets, ssh and binds cannot simply be dropped
        removable.append(flag)
    if not removable or len(removable) != len(run.flags):
        return None
    return Fix(
        "remove the cache/tmpfs mounts (the image is the same; the build no longer reuses a cache)",
        tuple(_remove_flag(lines, f) for f in removable),
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
