"""Repeatable start-up and latency measurements for dflint (medians over many runs).

Why: the machine running this is usually shared and noisy, so one timing means
little; this runs each case many times and prints median, p90 and min. It times
what users wait for:

- `python -c pass`: the floor any Python CLI pays;
- `dflint check` on a typical 17-line multi-stage Dockerfile (target < 80 ms);
- `dflint check` over a 300-file generated corpus in one process;
- in process: parse + lint of a 500-line file (target < 15 ms), the work behind
  each re-lint of the language server;
- the language server: spawn to the first diagnostics of a 500-line file (target
  < 400 ms) and, with the debounce off, each change to first diagnostics of the
  new version (target < 20 ms).

Measure with .pyc files present, as a pip install has them:

    python -m compileall -q dflint
    env -u PYTHONDONTWRITEBYTECODE python -m bench.startup [--runs 40] [--only cli,corpus,inproc,lsp]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .benchmark import dflint_command, percentile, run_child
from .corpus import generate_one, write_corpus

TYPICAL = """\
# syntax=docker/dockerfile:1
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/app /usr/local/bin/app
USER nobody
EXPOSE 8080
HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1
ENTRYPOINT ["/usr/local/bin/app"]
"""
LARGE_LINES = 500
TARGETS_MS = {"dflint check (typical file)": 80.0, "parse + lint, 500 lines (in process)": 15.0,
              "lsp: spawn to first diagnostics": 400.0, "lsp: change to diagnostics": 20.0}


def large_dockerfile(lines: int = LARGE_LINES) -> str:
    """`lines` lines of realistic Linux Dockerfile: generated corpus files back to back
    (Windows, CRLF and BOM files left out: they would not mix into one file)."""
    out: list[str] = []
    index = 0
    while len(out) < lines:
        made = generate_one(0, index)
        index += 1
        if made.archetype != "windows" and "\r" not in made.text and not made.text.startswith("\ufeff"):
            out.extend(made.text.splitlines())
    return "\n".join(out[:lines]) + "\n"


def in_process_rows(runs: int) -> list[dict]:
    """Parse + lint of the 500-line file in this process, after one warm-up run (imports,
    knowledge base, tree-sitter set up): what every re-lint costs."""
    from dflint.engine.linter import lint_document
    from dflint.syntax import parse

    text = large_dockerfile()
    lint_document(parse(text))
    parse_ms, total_ms = [], []
    for _ in range(runs):
        began = time.perf_counter()
        doc = parse(text)
        parsed = time.perf_counter()
        lint_document(doc)
        total_ms.append((time.perf_counter() - began) * 1000)
        parse_ms.append((parsed - began) * 1000)
    return [summary("parse, 500 lines (in process)", parse_ms), summary("parse + lint, 500 lines (in process)", total_ms)]


def summary(label: str, ms: list[float]) -> dict:
    return {"what": label, "runs": len(ms), "median_ms": statistics.median(ms), "p90_ms": percentile(ms, 0.9), "min_ms": min(ms)}


def time_commands(cases: list[tuple[str, list[str]]], runs: int) -> list[dict]:
    rows = []
    for label, argv in cases:
        run_child(argv)  # warm the page cache
        rows.append(summary(label, [run_child(argv).seconds * 1000 for _ in range(runs)]))
    return rows


# -- a minimal LSP client over stdio -----------------------------------------------------------


class Client:
    """Just enough JSON-RPC to open and edit a document and wait for its diagnostics."""

    def __init__(self, argv: list[str]) -> None:
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def request(self, method: str, params: dict) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def receive(self) -> dict:
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("the language server exited")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message = json.loads(self.proc.stdout.read(length))
        if "method" in message and "id" in message:  # a request from the server: answer with defaults
            result = [None] * len(message["params"].get("items", [])) if message["method"] == "workspace/configuration" else None
            self.send({"id": message["id"], "result": result})
        return message

    def wait_for(self, predicate) -> dict:
        while True:
            message = self.receive()
            if predicate(message):
                return message

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.send({"method": "exit"})
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()


def _diagnostics_for(uri: str, version: int):
    return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri and m["params"].get("version") == version)


def lsp_session(argv: list[str], folder: Path, text: str, changes: int) -> tuple[float, list[float], int]:
    """(spawn → first diagnostics ms, [change → diagnostics ms], diagnostics count) for one server."""
    uri = (folder / "Dockerfile").as_uri()
    start = time.perf_counter()
    client = Client(argv)
    try:
        client.request("initialize", {"processId": os.getpid(), "rootUri": folder.as_uri(),
                                      "capabilities": {"workspace": {"configuration": True}}})
        client.wait_for(lambda m: m.get("id") == 1 and "result" in m)
        client.send({"method": "initialized", "params": {}})
        client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}})
        first = client.wait_for(_diagnostics_for(uri, 1))
        opened = (time.perf_counter() - start) * 1000
        per_change = []
        line = len(text.splitlines()) // 2
        for version in range(2, changes + 2):
            edit = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                    "text": "# edit %d\n" % version}
            began = time.perf_counter()
            client.send({"method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [edit]}})
            client.wait_for(_diagnostics_for(uri, version))
            per_change.append((time.perf_counter() - began) * 1000)
        return opened, per_change, len(first["params"]["diagnostics"])
    finally:
        client.close()


def lsp_rows(dflint: list[str], runs: int, changes: int) -> list[dict]:
    text = large_dockerfile()
    with tempfile.TemporaryDirectory(prefix="dflint-lsp-") as tmp:
        folder = Path(tmp)
        (folder / ".git").mkdir()  # keep config discovery inside the folder
        (folder / "Dockerfile").write_text(text, encoding="utf-8")
        argv = dflint + ["lsp", "--debounce-ms", "0"]
        lsp_session(argv, folder, text, 1)  # warm the page cache
        opens, edits = [], []
        for _ in range(runs):
            opened, per_change, _ = lsp_session(argv, folder, text, changes)
            opens.append(opened)
            edits.extend(per_change)
    return [summary("lsp: spawn to first diagnostics", opens), summary("lsp: change to diagnostics", edits)]


def print_rows(rows: list[dict]) -> None:
    print(f"{'what':42} {'runs':>5} {'median ms':>10} {'p90 ms':>8} {'min ms':>8}  target")
    for row in rows:
        target = TARGETS_MS.get(row["what"])
        verdict = "" if target is None else f"< {target:.0f} ms: {'yes' if row['median_ms'] < target else 'NO'}"
        print(f"{row['what']:42} {row['runs']:5d} {row['median_ms']:10.1f} {row['p90_ms']:8.1f} {row['min_ms']:8.1f}  {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="runs per command-line case (default 40)")
    parser.add_argument("--corpus-runs", type=int, default=7, help="runs over the 300-file corpus (default 7)")
    parser.add_argument("--lsp-runs", type=int, default=15, help="language-server spawns (default 15)")
    parser.add_argument("--changes", type=int, default=20, help="edits per language-server spawn (default 20)")
    parser.add_argument("--inproc-runs", type=int, default=50, help="in-process parse + lint runs (default 50)")
    parser.add_argument("--only", default="cli,corpus,inproc,lsp", help="comma-separated: cli, corpus, inproc, lsp")
    parser.add_argument("--dflint", help="command to run dflint (default: the console script beside this Python)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    only = {part.strip() for part in args.only.split(",")}
    dflint = dflint_command(args.dflint)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("warning: PYTHONDONTWRITEBYTECODE is set; users' installs have .pyc files", file=sys.stderr)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="dflint-startup-") as tmp:
        folder = Path(tmp)
        (folder / ".git").mkdir()
        typical = folder / "typical.Dockerfile"
        typical.write_text(TYPICAL, encoding="utf-8")
        if "cli" in only:
            rows += time_commands([("python -c pass", [sys.executable, "-c", "pass"]),
                                   ("dflint check (typical file)", dflint + ["check", str(typical)])], args.runs)
        if "corpus" in only:
            corpus = folder / "corpus"
            write_corpus(corpus, 300, 0)
            rows += time_commands([("dflint check (300 files, one process)", dflint + ["check", str(corpus)])], args.corpus_runs)
    if "inproc" in only:
        rows += in_process_rows(args.inproc_runs)
    if "lsp" in only:
        rows += lsp_rows(dflint, args.lsp_runs, args.changes)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
