"""Speed of dflint against hadolint on a generated corpus of realistic Dockerfiles.

Why: the issue asks for numbers people can reproduce — files per second with one
process over all files, per-file latency with one process per file (how editors
and pre-commit hooks call a linter), peak memory, and dflint's start-up time.
BuildKit's own Go parser (PyPI `dockerfile`) is timed too, as a floor: it only
parses. Linter exit codes are ignored (findings are expected); exits other than
0 and 1 are reported, since they mean a crash or a usage error.

    python -m bench.benchmark [--count 300] [--dflint CMD] [--hadolint CMD] [--json]
    python -m bench.benchmark --startup [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .corpus import write_corpus

STARTUP_TARGET_MS = 80.0
FINDINGS_EXITS = (0, 1)


@dataclass
class Run:
    """One child process: wall time, peak RSS (KiB) and exit code."""

    seconds: float
    max_rss_kib: int
    exit_code: int


@dataclass
class Result:
    tool: str
    mode: str
    files: int
    seconds: float
    median_ms: float | None = None
    p90_ms: float | None = None
    peak_rss_mib: float | None = None
    bad_exits: list[int] = field(default_factory=list)

    @property
    def files_per_second(self) -> float:
        return self.files / self.seconds if self.seconds else float("inf")


def bytecode_env(cache_dir: Path) -> dict[str, str]:
    """The environment for timed children: bytecode caching on, into a private cache.

    An installed dflint has .pyc files; with PYTHONDONTWRITEBYTECODE set (as on
    these machines) every run would recompile stale modules instead. The private
    PYTHONPYCACHEPREFIX keeps the source tree untouched.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir)
    return env


def run_child(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """Run one process to completion; wait4 gives this child's own peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss, proc.returncode)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def one_process(tool: str, argv: list[str], files: list[Path], env: dict[str, str] | None = None) -> Result:
    run = run_child(argv + [str(f) for f in files], env)
    bad = [] if run.exit_code in FINDINGS_EXITS else [run.exit_code]
    return Result(tool, "one process", len(files), run.seconds, peak_rss_mib=run.max_rss_kib / 1024, bad_exits=bad)


def process_per_file(tool: str, argv: list[str], files: list[Path], env: dict[str, str] | None = None) -> Result:
    runs = [run_child(argv + [str(f)], env) for f in files]
    ms = [r.seconds * 1000 for r in runs]
    return Result(
        tool,
        "process per file",
        len(files),
        sum(r.seconds for r in runs),
        median_ms=statistics.median(ms),
        p90_ms=percentile(ms, 0.9),
        peak_rss_mib=max(r.max_rss_kib for r in runs) / 1024,
        bad_exits=sorted({r.exit_code for r in runs} - set(FINDINGS_EXITS)),
    )


def buildkit_parse_rate(files: list[Path]) -> Result | None:
    """BuildKit's Go parser in this process, parse only: the floor any linter pays."""
    try:
        import dockerfile
    except ImportError:
        return None
    start = time.perf_counter()
    failures = 0
    for f in files:
        try:
            dockerfile.parse_file(str(f))
        except dockerfile.GoParseError:
            failures += 1
    return Result("BuildKit parser (Go, parse only)", "in process", len(files), time.perf_counter() - start, bad_exits=[failures] if failures else [])


# -- locating the tools ------------------------------------------------------------------------


def installed_script(name: str) -> str | None:
    """The console script beside this interpreter, else on PATH.

    Beside the interpreter first: on PATH a version manager's shim (pyenv) may
    stand in front of it and add its own start-up cost to every run.
    """
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def dflint_command(given: str | None) -> list[str]:
    if given:
        return shlex.split(given)
    script = installed_script("dflint")
    return [script] if script else [sys.executable, "-m", "dflint"]


def hadolint_command(given: str | None) -> list[str] | None:
    if given:
        return shlex.split(given)
    script = installed_script("hadolint")
    return [script] if script else None


def has_shellcheck_flag(dflint: list[str]) -> bool:
    helptext = subprocess.run(dflint + ["check", "--help"], capture_output=True, text=True, check=False).stdout
    return "--shellcheck" in helptext


def linters(dflint: list[str], hadolint: list[str] | None) -> list[tuple[str, list[str]]]:
    check = dflint + ["check", "--format", "json"]
    tools = [("dflint", check)]
    if has_shellcheck_flag(dflint):
        tools.append(("dflint --shellcheck", check + ["--shellcheck"]))
    if hadolint:
        tools.append(("hadolint (ShellCheck on)", hadolint + ["--format", "json"]))
    return tools


# -- modes -------------------------------------------------------------------------------------


def throughput(args: argparse.Namespace) -> dict:
    dflint = dflint_command(args.dflint)
    hadolint = hadolint_command(args.hadolint)
    with tempfile.TemporaryDirectory(prefix="dflint-bench-") as tmp:
        files = write_corpus(Path(tmp) / "corpus", args.count, args.seed)
        env = bytecode_env(Path(tmp) / "pycache")
        lines = sum(f.read_bytes().count(b"\n") for f in files)
        results = []
        for tool, argv in linters(dflint, hadolint):
            run_child(argv + [str(files[0])], env)  # warm-up: fills the bytecode cache
            results.append(one_process(tool, argv, files, env))
            results.append(process_per_file(tool, argv, files, env))
        floor = buildkit_parse_rate(files)
        if floor:
            results.append(floor)
    return {
        "corpus": {"files": len(files), "lines": lines, "seed": args.seed},
        "dflint": " ".join(dflint),
        "hadolint": " ".join(hadolint) if hadolint else None,
        "results": [asdict(r) | {"files_per_second": r.files_per_second} for r in results],
    }


def typical_file(directory: Path, lines: int = 40) -> Path:
    """The corpus file whose length is closest to `lines` (the issue's 'typical 40-line file')."""
    files = write_corpus(directory, 60, 0)
    return min(files, key=lambda f: (abs(f.read_bytes().count(b"\n") - lines), f.name))


def startup(args: argparse.Namespace) -> dict:
    dflint = dflint_command(args.dflint)
    hadolint = hadolint_command(args.hadolint)
    with tempfile.TemporaryDirectory(prefix="dflint-startup-") as tmp:
        target = typical_file(Path(tmp) / "corpus")
        env = bytecode_env(Path(tmp) / "pycache")
        subjects = [
            ("python -S -c pass", [sys.executable, "-S", "-c", "pass"]),  # the bare interpreter
            ("python -c pass", [sys.executable, "-c", "pass"]),  # plus site-packages' .pth hooks
            ("dflint check", dflint + ["check", str(target)]),
        ]
        if hadolint:
            subjects.append(("hadolint", hadolint + [str(target)]))
        rows = []
        for label, argv in subjects:
            run_child(argv, env)  # warm-up: page cache and bytecode cache
            ms = [run_child(argv, env).seconds * 1000 for _ in range(args.runs)]
            rows.append({"what": label, "median_ms": statistics.median(ms), "min_ms": min(ms), "p90_ms": percentile(ms, 0.9)})
        lines = target.read_bytes().count(b"\n")
    return {"file_lines": lines, "runs": args.runs, "target_ms": STARTUP_TARGET_MS, "rows": rows}


# -- output ------------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_throughput(report: dict) -> None:
    c = report["corpus"]
    print(f"corpus: {c['files']} generated Dockerfiles, {c['lines']} lines (seed {c['seed']})")
    print(f"dflint: {report['dflint']}    hadolint: {report['hadolint'] or 'not found'}\n")
    header = f"{'tool':34} {'mode':17} {'files/s':>9} {'median ms':>10} {'p90 ms':>8} {'peak RSS MiB':>13}"
    print(header)
    print("-" * len(header))
    for r in report["results"]:
        print(
            f"{r['tool']:34} {r['mode']:17} {r['files_per_second']:9.1f} {_fmt(r['median_ms'], '10.1f'):>10} "
            f"{_fmt(r['p90_ms'], '8.1f'):>8} {_fmt(r['peak_rss_mib'], '13.0f'):>13}"
        )
    for r in report["results"]:
        if r["bad_exits"]:
            what = "files it could not parse" if r["mode"] == "in process" else "unexpected exit codes"
            print(f"note: {r['tool']} ({r['mode']}): {what}: {r['bad_exits']}")


def print_startup(report: dict) -> None:
    print(f"start-up: {report['runs']} runs on a {report['file_lines']}-line Dockerfile (target < {report['target_ms']:.0f} ms)\n")
    print(f"{'command':20} {'median ms':>10} {'min ms':>8} {'p90 ms':>8}")
    for row in report["rows"]:
        print(f"{row['what']:20} {row['median_ms']:10.1f} {row['min_ms']:8.1f} {row['p90_ms']:8.1f}")
    dflint_row = next(r for r in report["rows"] if r["what"] == "dflint check")
    verdict = "meets" if dflint_row["median_ms"] < report["target_ms"] else "misses"
    print(f"\ndflint {verdict} the {report['target_ms']:.0f} ms target (median {dflint_row['median_ms']:.1f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="number of generated Dockerfiles (default 300)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dflint", help="command that runs dflint (default: dflint on PATH, else python -m dflint)")
    parser.add_argument("--hadolint", help="command that runs hadolint (default: hadolint on PATH)")
    parser.add_argument("--startup", action="store_true", help="measure start-up time of `dflint check` on one typical file")
    parser.add_argument("--runs", type=int, default=30, help="runs for --startup (default 30)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    report = startup(args) if args.startup else throughput(args)
    if args.json:
        print(json.dumps(report, indent=2))
    elif args.startup:
        print_startup(report)
    else:
        print_throughput(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
