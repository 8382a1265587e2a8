"""`dflint features`: the features a file uses and the builders table, in text and JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from dflint.cli import UsageError
from dflint.commands.features import run

FIXTURES = Path(__file__).parent / "fixtures" / "compat"
HEREDOC_AND_LINK = str(FIXTURES / "heredoc-and-link.Dockerfile")


def _run(capsys, *paths, fmt="text", target=None):
    code = run(argparse.Namespace(paths=list(paths), format=fmt, target=target))
    out = capsys.readouterr().out
    return code, (json.loads(out) if fmt == "json" else out)


def _builder_lines(text: str) -> dict[str, str]:
    """The summary line of each builder, by target name (the lines under "builders:")."""
    section = text.split("  builders:\n", 1)[1]
    return {line.split()[0]: line for line in section.splitlines() if line.startswith("    ") and line[4] != " "}


def test_heredoc_and_link_text(capsys):
    code, out = _run(capsys, HEREDOC_AND_LINK)
    assert code == 0
    assert "needs: BuildKit with frontend ≥ 1.4 (no # syntax pin)" in out
    assert "   2  1.4        yes       Heredoc in RUN" in out
    assert "   5  1.4        yes       COPY --link" in out
    rows = _builder_lines(out)
    assert rows["legacy:20.10"].split()[1] == "fails"
    assert rows["legacy:23.0"].split()[1] == "ignores"
    assert "fails without a `# syntax` pin; with `# syntax=docker/dockerfile:1.4` it" in rows["docker:20.10"]
    assert rows["docker:23.0"].split()[1] == "builds"
    assert "line 3: unknown instruction: ECHO" in out
    assert "line 2 Heredoc in RUN (`RUN <<EOF`): ignores: the vendored parser attaches the body and the classic dispatcher drops it" in out


def test_heredoc_and_link_json(capsys):
    code, report = _run(capsys, HEREDOC_AND_LINK, fmt="json")
    assert code == 0
    (file,) = report["files"]
    assert file["requires"] == {"frontend": "1.4", "labs": False, "buildkit": True}
    assert [(f["feature"], f["line"], f["frontend"], f["buildkit"]) for f in file["features"]] == [
        ("heredoc", 2, "1.4", True),
        ("copy.link", 5, "1.4", True),
    ]
    builders = {b["target"]: b for b in file["builders"]}
    assert builders["legacy:20.10"]["result"] == "error"
    assert builders["legacy:23.0"]["result"] == "ignored"
    assert {u["feature"]: u["outcome"] for u in builders["legacy:23.0"]["uses"]} == {"heredoc": "ignored", "copy.link": "ignored"}
    assert builders["docker:20.10"]["result"] == "error"
    assert builders["docker:20.10"]["with_pin"]["pin"] == "1.4"
    assert builders["buildkit"]["result"] == "ok" and builders["buildkit"]["uses"] == []


def test_targets_choose_the_builders(capsys):
    _, report = _run(capsys, HEREDOC_AND_LINK, fmt="json", target=["buildah:1.28,podman:5.6"])
    assert [(b["target"], b["result"]) for b in report["files"][0]["builders"]] == [("buildah:1.28", "error"), ("podman:5.6", "ok")]


def test_pinned_file_on_builders_that_ignore_the_pin(capsys):
    _, out = _run(capsys, str(FIXTURES / "syntax-pin-new.Dockerfile"), target=["buildah:1.28"])
    assert "buildah:1.28  fails (ignores the `# syntax` line)" in out


def test_plain_file(capsys):
    _, out = _run(capsys, str(FIXTURES / "plain.Dockerfile"), target=["legacy:20.10"])
    assert "needs: any builder" in out and "no BuildKit-era features" in out
    assert "legacy:20.10  builds" in out


def test_unknown_target_is_a_usage_error(capsys):
    with pytest.raises(UsageError, match="--target nosuch"):
        _run(capsys, HEREDOC_AND_LINK, target=["nosuch"])


def test_unreadable_file_exits_2(capsys, tmp_path):
    code = run(argparse.Namespace(paths=[str(tmp_path / "missing")], format="text", target=None))
    assert code == 2
    assert "dflint:" in capsys.readouterr().err
