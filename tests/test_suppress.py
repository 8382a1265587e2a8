"""Suppression comments: BuildKit's `check=` (directive and per instruction), dflint's and
hadolint's ignore pragmas, and the meta rules DF901/DF902 that report what they get wrong."""

from __future__ import annotations

import pytest

from dflint.engine.catalog import catalog
from dflint.engine.linter import Selection, lint_document
from dflint.engine.suppress import (
    CheckConfig,
    CheckOptionError,
    apply_suppressions,
    experimental_opt_ins,
    parse_check_options,
)
from dflint.syntax import parse

SHELL_CMD = "FROM alpine\nCMD echo hi\n"  # DF107 JSONArgsRecommended on line 2


def _ours(doc) -> Selection:
    """The BuildKit-check and meta rules enabled by default, plus the file's experimental opt-ins."""
    cat = catalog()
    chosen = {r.id for r in cat if r.enabled and r.family in ("buildkit", "meta")} | experimental_opt_ins(doc, cat)
    return Selection(select=frozenset(chosen))


def lint(text: str):
    doc = parse(text)
    return lint_document(doc, selection=_ours(doc))


def rules(text: str) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in lint(text))


# --- BuildKit's ParseLintOptions ----------------------------------------------------


def test_parse_check_options_grammar():
    assert parse_check_options("") == CheckConfig()
    config = parse_check_options(" skip = A, B ; error=TRUE;experimental=all")
    assert config.skip == {"A", "B"} and config.error is True and config.experimental_all
    assert parse_check_options("skip=all").skip_all
    assert parse_check_options("error=0").error is False


@pytest.mark.parametrize(
    "value,message",
    [
        ("skipp=A", 'invalid check option "skipp"'),
        ("skip", 'invalid check option "skip"'),
        ("error=yes", 'failed to parse check option "error=yes": invalid syntax'),
    ],
)
def test_parse_check_options_errors(value, message):
    with pytest.raises(CheckOptionError, match=message):
        parse_check_options(value)


def test_only_three_parts_are_split():
    # Go's strings.SplitN(value, ";", 3): the rest stays in the third value.
    assert parse_check_options("skip=A;error=false;experimental=B;skip=C").experimental == {"B;skip=C"}


# --- the directive --------------------------------------------------------------------


def test_skip_list_and_all():
    assert rules("# check=skip=JSONArgsRecommended\n" + SHELL_CMD) == []
    assert rules("# check=skip=all\nFROM alpine AS Base\nCMD echo hi\n") == []
    assert rules("# check=skip=StageNameCasing\n" + SHELL_CMD) == [("DF107", 3)]


def test_skip_names_are_case_sensitive_and_misspellings_reported():
    findings = lint("# check=skip=jsonArgsRecommended\n" + SHELL_CMD)
    assert sorted((f.rule, f.line) for f in findings) == [("DF107", 3), ("DF901", 1)]
    unknown = next(f for f in findings if f.rule == "DF901")
    assert "did you mean JSONArgsRecommended?" in unknown.message
    assert (unknown.span.column, unknown.span.end_column) == (14, 33)


def test_skip_does_not_silence_other_rules_or_dflint_ids():
    assert rules("# check=skip=DF107\n" + SHELL_CMD) == [("DF107", 3), ("DF901", 1)]


def test_error_true_makes_buildkit_findings_errors_only():
    findings = lint("# check=error=true\nFROM alpine\nCMD echo hi\n# dflint ignore=NOPE\nRUN true\n")
    severity = {f.rule: f.severity for f in findings}
    assert severity == {"DF107": "error", "DF901": "warning"}
    assert {f.severity for f in lint(SHELL_CMD)} == {"warning"}


def test_apply_suppressions_returns_copies():
    doc = parse("# check=error=true\n" + SHELL_CMD)
    originals = lint(SHELL_CMD)
    out = apply_suppressions(doc, originals, catalog())
    assert out[0].severity == "error" and originals[0].severity == "warning"


def test_experimental_rules_run_only_when_named_and_ignore_skip_all():
    text = "# check=skip=all;experimental=InvalidDefinitionDescription\n# not the name\nARG foo=1\nFROM scratch\n"
    assert rules(text) == [("DF119", 3)]
    assert rules("# not the name\nARG foo=1\nFROM scratch\n") == []
    assert experimental_opt_ins(parse("# check=experimental=all\nFROM scratch\n"), catalog()) == {"DF119"}


def test_invalid_directive_is_an_error_and_applies_nothing():
    findings = lint("# check=skip=JSONArgsRecommended;bogus=1\n" + SHELL_CMD)
    assert sorted((f.rule, f.line, f.severity) for f in findings) == [("DF107", 3, "warning"), ("DF902", 1, "error")]
    assert 'invalid check option "bogus"' in next(f.message for f in findings if f.rule == "DF902")


# --- the per-instruction check comment (frontend 1.21) ------------------------------------


def test_instruction_check_comment_applies_to_that_instruction_only():
    text = (
        "FROM alpine\n"
        "# check=skip=SecretsUsedInArgOrEnv // a public test token\n"
        "ARG API_TOKEN\n"
        "ARG DB_PASSWORD\n"
    )
    assert rules(text) == [("DF115", 4)]


def test_instruction_check_comment_error_and_invalid_options():
    text = "FROM alpine\n# check=error=true\nCMD echo hi\nENTRYPOINT echo hi\n"
    assert {f.line: f.severity for f in lint(text)} == {3: "error", 4: "warning"}
    findings = lint("FROM alpine\n# check=skip\nCMD echo hi\n")
    assert sorted((f.rule, f.line, f.severity) for f in findings) == [("DF107", 3, "warning"), ("DF902", 2, "warning")]


def test_directive_is_not_also_taken_as_an_instruction_comment():
    findings = lint("# check=bad\nFROM alpine\n")
    assert [(f.rule, f.line) for f in findings] == [("DF902", 1)]


# --- dflint and hadolint pragmas ----------------------------------------------------------


@pytest.mark.parametrize("key", ["DF107", "json-args-recommended", "JSONArgsRecommended", "DL3025", "df107"])
def test_dflint_ignore_by_id_name_or_alias(key):
    assert rules(f"FROM alpine\n# dflint ignore={key} the shell form is wanted\nCMD echo hi\n") == []


def test_ignore_applies_to_the_next_instruction_only():
    text = "FROM alpine\n# hadolint ignore=DL3025\nCMD echo hi\nENTRYPOINT echo hi\n"
    assert rules(text) == [("DF107", 4)]


def test_ignore_lists_and_global_ignores():
    text = "# dflint global ignore=DF107, DF108\nFROM alpine\nCMD echo hi\nMAINTAINER me\nENV A b\n"
    assert rules(text) == [("DF113", 5)]
    assert rules("# hadolint global ignore=DL4000\nFROM alpine\nMAINTAINER me\n") == []


def test_hadolint_codes_without_a_dflint_rule_are_silent_but_nonsense_is_reported():
    text = "FROM alpine\n# hadolint ignore=DL3005,SC2086,DL3025\nCMD echo hi\n"
    assert rules(text) == []
    assert rules("FROM alpine\n# hadolint ignore=DL3999\nCMD echo hi\n") == [("DF107", 3), ("DF901", 2)]
    findings = lint("FROM alpine\n# dflint ignore=DF1077 typo\nCMD echo hi\n")
    assert sorted((f.rule, f.line) for f in findings) == [("DF107", 3), ("DF901", 2)]
    unknown = next(f for f in findings if f.rule == "DF901")
    assert (unknown.span.column, unknown.span.end_column) == (17, 23)
    assert "did you mean" in unknown.message


def test_pragmas_inside_heredocs_are_not_comments():
    text = "FROM alpine\nRUN <<EOF\n# dflint global ignore=NOPE\n# hadolint global ignore=DL3025\nEOF\nCMD echo hi\n"
    assert rules(text) == [("DF107", 6)]


def test_unknown_rule_in_ignore_can_itself_be_ignored():
    assert rules("# dflint global ignore=DF901\n# dflint ignore=NOPE\nFROM alpine\n") == []
