"""BuildKit's build checks (DF1xx): same rule names on the same lines as `docker build --check`.

The fixtures in tests/fixtures/buildkit-check/ record what BuildKit reports (see the
README there); the focused tests below pin each trigger, exception and fix.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from dflint.checks.buildkit.dockerignore import PatternMatcher, read_patterns
from dflint.checks.buildkit.image_reference import is_valid_reference
from dflint.checks.buildkit.legacy_key_value import key_value_word
from dflint.checks.buildkit.maintainer import double_quoted
from dflint.checks.buildkit.secrets import looks_secret
from dflint.engine.catalog import catalog
from dflint.engine.context import LintOptions
from dflint.engine.linter import Selection, lint_document
from dflint.engine.suppress import experimental_opt_ins
from dflint.platforms.spec import PlatformError, host_platform, parse_platform
from dflint.syntax import parse
from dflint.syntax.shell_words import Lexer

FIXTURES = Path(__file__).parent / "fixtures" / "buildkit-check"
BUILDKIT_RULES = (
    "StageNameCasing", "FromAsCasing", "NoEmptyContinuation", "ConsistentInstructionCasing",
    "DuplicateStageName", "ReservedStageName", "JSONArgsRecommended", "MaintainerDeprecated",
    "UndefinedArgInFrom", "WorkdirRelativePath", "UndefinedVar", "MultipleInstructionsDisallowed",
    "LegacyKeyValueFormat", "RedundantTargetPlatform", "SecretsUsedInArgOrEnv",
    "InvalidDefaultArgInFrom", "FromPlatformFlagConstDisallowed", "CopyIgnoredFile",
    "InvalidDefinitionDescription", "ExposeProtoCasing", "ExposeInvalidFormat",
)  # fmt: skip


def lint(text: str, *, path: str | None = None, context_dir: Path | None = None, select=()):
    """Lint as BuildKit would check: the default rules plus the experimental ones the
    file opts into with `check=experimental=` (and any selected explicitly)."""
    doc = parse(text)
    cat = catalog()
    chosen = {r.id for r in cat if r.enabled} | experimental_opt_ins(doc, cat) | set(select)
    return lint_document(
        doc, path=path, options=LintOptions(context_dir=context_dir), selection=Selection(select=frozenset(chosen))
    )


def reported(text: str, **kw) -> list[tuple[str, int]]:
    """(BuildKit rule name, line) of the BuildKit-check findings, sorted."""
    return sorted((f.buildkit_check, f.line) for f in lint(text, **kw) if f.buildkit_check)


def apply(text: str, edits) -> str:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for edit in sorted(edits, key=lambda e: (e.span.line, e.span.column), reverse=True):
        start = starts[edit.span.line - 1] + edit.span.column - 1
        end = starts[edit.span.end_line - 1] + edit.span.end_column - 1
        text = text[:start] + edit.text + text[end:]
    return text


def only_fix(text: str, rule: str):
    fixes = [f.fix for f in lint(text) if f.buildkit_check == rule]
    assert len(fixes) == 1 and fixes[0] is not None
    return fixes[0]


# --- the fixtures -------------------------------------------------------------------


def _fixtures():
    return sorted(FIXTURES.glob("*.Dockerfile"))


def test_there_are_enough_fixtures_covering_every_implemented_check():
    files = _fixtures()
    assert len(files) >= 15
    covered = set()
    for dockerfile in files:
        expected = json.loads(dockerfile.with_name(dockerfile.stem + ".expected.json").read_text())
        covered |= {w["rule"] for w in expected["warnings"]}
    assert covered == set(BUILDKIT_RULES)


@pytest.mark.parametrize("dockerfile", _fixtures(), ids=lambda p: p.stem)
def test_fixture_matches_buildkit(dockerfile):
    expected = json.loads(dockerfile.with_name(dockerfile.stem + ".expected.json").read_text())
    want = Counter((w["rule"], w["line"]) for w in expected["warnings"])
    findings = lint(dockerfile.read_text(), path=str(dockerfile), context_dir=FIXTURES)
    got = Counter((f.buildkit_check, f.line) for f in findings if f.buildkit_check)
    assert got == want


def test_every_buildkit_rule_has_one_page_with_its_docs_url():
    pages = {r.buildkit_check: r for r in catalog() if r.family == "buildkit"}
    assert set(pages) == set(BUILDKIT_RULES)
    for meta in pages.values():
        assert meta.id.startswith("DF1")
        assert "https://docs.docker.com/go/dockerfile/rule/" in meta.page()
    assert not pages["InvalidDefinitionDescription"].enabled
    assert all(m.enabled for n, m in pages.items() if n != "InvalidDefinitionDescription")


# --- casing ---------------------------------------------------------------------------


def test_stage_name_casing_fix_lowercases_the_name_only():
    text = "FROM alpine AS Build\nRUN true\n"
    assert apply(text, only_fix(text, "StageNameCasing").edits) == "FROM alpine AS build\nRUN true\n"


def test_from_as_casing_ignores_mixed_case_from():
    assert reported("From alpine as build\nFROM alpine\nRUN true\n") == [("ConsistentInstructionCasing", 1)]


def test_from_as_casing_fix_follows_from():
    text = "from alpine AS build\nrun true\n"
    assert apply(text, only_fix(text, "FromAsCasing").edits) == "from alpine as build\nrun true\n"


def test_consistent_casing_tie_is_upper_and_global_args_do_not_count():
    assert reported("arg V=1\nfrom alpine\nRUN true\n") == [("ConsistentInstructionCasing", 2)]


def test_consistent_casing_reports_mixed_case_keywords():
    assert reported("FROM alpine\nRun true\nRUN true\n") == [("ConsistentInstructionCasing", 2)]


def test_consistent_casing_fix():
    text = "from alpine\nrun true\nCOPY a /a\n"
    assert apply(text, only_fix(text, "ConsistentInstructionCasing").edits) == "from alpine\nrun true\ncopy a /a\n"


# --- continuation, stages --------------------------------------------------------------


def test_empty_continuation_reported_once_on_the_last_line():
    text = "FROM alpine\nRUN echo a \\\n\n  b \\\n\n  c\n"
    assert reported(text) == [("NoEmptyContinuation", 6)]


def test_duplicate_stage_name_is_case_insensitive_and_on_the_repeat():
    text = "FROM alpine AS build\nFROM alpine AS build\nFROM alpine AS build2\n"
    assert reported(text) == [("DuplicateStageName", 2)]
    assert ("DuplicateStageName", 2) in reported("FROM alpine AS Build\nFROM alpine AS build\n")


def test_reserved_stage_name_is_case_insensitive():
    assert ("ReservedStageName", 1) in reported("FROM alpine AS Scratch\n")


# --- JSONArgsRecommended, MultipleInstructionsDisallowed ----------------------------


def test_json_args_shell_set_after_the_cmd_does_not_help():
    text = 'FROM alpine\nCMD echo hi\nSHELL ["/bin/ash", "-c"]\nENTRYPOINT echo hi\n'
    assert reported(text) == [("JSONArgsRecommended", 2)]


def test_json_args_not_for_run_or_healthcheck():
    assert reported("FROM alpine\nRUN echo hi\nHEALTHCHECK CMD true\n") == []


def test_multiple_instructions_reported_on_each_overridden_one():
    text = "FROM alpine\nENTRYPOINT [\"a\"]\nENTRYPOINT [\"b\"]\nENTRYPOINT [\"c\"]\n"
    assert reported(text) == [("MultipleInstructionsDisallowed", 2), ("MultipleInstructionsDisallowed", 3)]


# --- MAINTAINER, legacy key/value -------------------------------------------------------


def test_maintainer_fix_is_an_unsafe_label_that_reads_back_the_same_text():
    text = 'FROM alpine\nMAINTAINER Jane "JD" Doe $HOME\\x\n'
    fix = only_fix(text, "MaintainerDeprecated")
    assert fix.safety == "unsafe"
    fixed = apply(text, fix.edits)
    label = parse(fixed).instructions[1]
    assert label.keyword == "LABEL" and label.args[0] == "org.opencontainers.image.authors"
    assert Lexer().process_word(label.args[1], {"HOME": "/root"}) == 'Jane "JD" Doe $HOME\\x'


def test_double_quoted_honours_the_escape_directive():
    assert double_quoted("a`b$c", "`") == '"a``b`$c"'


@pytest.mark.parametrize(
    "key,value,word",
    [
        ("A", "/srv/app", "A=/srv/app"),
        ("MSG", "hello   world", 'MSG="hello   world"'),
        ("Q", '"x y"', 'Q="x y"'),
        ("V", "$HOME/bin", "V=$HOME/bin"),
        ("M", '"x" y', None),
    ],
)
def test_key_value_word(key, value, word):
    assert key_value_word(key, value, "\\") == word


def test_legacy_fix_keeps_the_value():
    text = "FROM alpine\nENV GREETING hello  world\nLABEL team platform\n"
    findings = [f for f in lint(text) if f.buildkit_check == "LegacyKeyValueFormat"]
    fixed = apply(text, [e for f in findings for e in f.fix.edits])
    assert fixed == 'FROM alpine\nENV GREETING="hello  world"\nLABEL team=platform\n'
    env = parse(fixed).instructions[1]
    assert not env.legacy_form and Lexer().process_word(env.args[1], {}) == "hello  world"
    assert reported(fixed) == []


# --- FROM and its variables ------------------------------------------------------------


def test_undefined_arg_in_from_suggests_a_declared_name():
    findings = lint("ARG VERSION=1\nFROM alpine:${VERSOIN}\n")
    messages = [f.message for f in findings if f.buildkit_check == "UndefinedArgInFrom"]
    assert messages == ["FROM argument 'VERSOIN' is not declared (did you mean VERSION?)"]


def test_stage_args_and_platform_args_in_from():
    assert reported("FROM --platform=$BUILDPLATFORM alpine\nARG TAG\nFROM alpine:$TAG\n") == [
        ("InvalidDefaultArgInFrom", 3),
        ("UndefinedArgInFrom", 3),
    ]


def test_invalid_default_arg_uses_defaults_in_order():
    assert reported("ARG A=alpine\nARG B=${A}:3.20\nFROM $B\n") == []
    assert reported("ARG A=Alpine\nFROM $A\n") == [("InvalidDefaultArgInFrom", 2)]


@pytest.mark.parametrize(
    "ref,valid",
    [
        ("alpine", True), ("alpine:3.20", True), ("docker.io/library/alpine:3", True),
        ("localhost:5000/a/b@sha256:" + "a" * 64, True), ("Registry.Example.com/x", True),
        ("", False), ("alpine:", False), ("Alpine", False), (":3", False), ("a" * 64, False),
        ("alpine:-x", False),
    ],
)  # fmt: skip
def test_image_reference(ref, valid):
    assert is_valid_reference(ref) is valid


def test_platform_flag_checks():
    assert reported("FROM --platform=linux/x86_64 alpine AS build-amd64\n") == []
    assert reported("FROM --platform=linux/arm/v7 alpine\n") == [("FromPlatformFlagConstDisallowed", 1)]
    assert reported("ARG P=linux/arm64\nFROM --platform=$P alpine\n") == []
    assert reported("FROM --platform=${TARGETPLATFORM}-x alpine\n") == []


@pytest.mark.parametrize(
    "text,parsed",
    [("linux/amd64", ("linux", "amd64")), ("Linux/AArch64", ("linux", "arm64")), ("windows", ("windows", "amd64")),
     ("arm64", ("linux", "arm64")), ("linux/amd64/v2/x", None), ("linux/$X", None), ("nonsense", None)],
)  # fmt: skip
def test_parse_platform(text, parsed):
    """The check reads --platform through containerd's parser (dflint.platforms.spec);
    an OS alone takes the host's architecture, as containerd does."""
    if parsed is None:
        with pytest.raises(PlatformError):
            parse_platform(text)
        return
    if text == "windows":
        parsed = ("windows", host_platform().arch)
    platform = parse_platform(text)
    assert (platform.os, platform.arch) == parsed


# --- WORKDIR, UndefinedVar ------------------------------------------------------------


def test_workdir_arg_without_default_is_empty_and_computed_env_unknown():
    findings = lint("FROM alpine\nARG DIR\nWORKDIR $DIR\n")
    assert [f.message for f in findings if f.buildkit_check] == [
        'Relative workdir "" can have unexpected results if the base image changes'
    ]
    assert reported("FROM alpine\nARG DIR\nWORKDIR $DIR/sub\n") == []
    assert reported("FROM alpine\nARG BASE\nENV D=$BASE/app\nWORKDIR $D\n") == []


def test_workdir_with_variables_from_the_image_is_not_judged():
    assert reported("FROM alpine\nWORKDIR $HOME/app\n") == []
    assert reported("FROM alpine\nWORKDIR C:\\\\app\n") == []


def test_undefined_var_leaves_image_env_and_platform_args_alone():
    text = "FROM eclipse-temurin:21\nENV PATH=$JAVA_HOME/bin:$PATH\nCOPY app-$TARGETARCH.jar /app.jar\n"
    assert reported(text) == []


def test_undefined_var_on_scratch_reports_everything():
    assert reported("FROM scratch\nCOPY $JAVA_HOME/x /x\n") == [("UndefinedVar", 2)]


def test_undefined_var_counts_an_arg_without_value_and_parent_stage_env():
    text = "FROM scratch AS a\nENV DIR=/d\nFROM a\nARG NAME\nCOPY $NAME $DIR/\n"
    assert reported(text) == []


def test_undefined_var_default_does_not_hide_it_and_run_is_not_checked():
    text = "FROM scratch\nCOPY ${SRC:-.} /x\nRUN echo $NOPE\nCMD echo $NOPE\n"
    assert reported(text) == [("JSONArgsRecommended", 4), ("UndefinedVar", 2)]


def test_undefined_var_suggestion():
    findings = lint("FROM alpine\nENV APP_HOME=/app\nWORKDIR $APP_HOEM\n")
    assert [f.message for f in findings if f.buildkit_check == "UndefinedVar"] == [
        "Usage of undefined variable '$APP_HOEM' (did you mean $APP_HOME?)"
    ]


# --- secrets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,secret",
    [("API_KEY", True), ("GITHUB_TOKEN", True), ("auth", True), ("DB_CREDENTIALS", True), ("my_pword", True),
     ("PUBLIC_KEY", False), ("KEY_FILE", False), ("TOKEN_VERSION", False), ("KEYBOARD", False), ("MONKEY", False),
     ("TOKENS", False), ("AUTHOR", False)],
)  # fmt: skip
def test_secret_names(name, secret):
    assert looks_secret(name) is secret


# --- CopyIgnoredFile and .dockerignore -----------------------------------------------


def test_copy_ignored_file_needs_a_context(tmp_path):
    (tmp_path / ".dockerignore").write_text("*.env\n")
    text = "FROM alpine\nCOPY app.env /\nCOPY . /app\nCOPY --from=build app.env /\n"
    assert reported(text) == []
    assert reported(text, context_dir=tmp_path) == [("CopyIgnoredFile", 2)]


def test_dockerfile_specific_ignore_file_wins(tmp_path):
    (tmp_path / ".dockerignore").write_text("*.env\n")
    dockerfile = tmp_path / "prod.Dockerfile"
    (tmp_path / "prod.Dockerfile.dockerignore").write_text("*.txt\n")
    text = "FROM alpine\nCOPY app.env /\nCOPY notes.txt /\n"
    assert reported(text, path=str(dockerfile), context_dir=tmp_path) == [("CopyIgnoredFile", 3)]


def test_copy_ignored_file_expands_known_variables(tmp_path):
    (tmp_path / ".dockerignore").write_text("build/\n")
    text = "FROM alpine\nARG OUT=build\nCOPY $OUT/app /app\nCOPY $UNKNOWN/app /app\n"
    assert reported(text, context_dir=tmp_path) == [("CopyIgnoredFile", 3)]


def test_read_patterns_follows_docker():
    text = "\ufeff# comment\n  /dist/ \n!  keep.md\n a/../b \n\n#x\n"
    assert read_patterns(text) == ["dist", "!keep.md", "b"]


@pytest.mark.parametrize(
    "patterns,path,matched",
    [
        (["*.go"], "main.go", True), (["*.go"], "cmd/main.go", False), (["**/*.go"], "cmd/x/main.go", True),
        (["**/*.go"], "main.go", True), (["dist"], "dist/a/b", True), (["docs/**"], "docs/x.md", True),
        (["doc?"], "docs", True), (["doc?"], "doc", False), (["a/*/c"], "a/b/c/d", True),
        (["*", "!keep"], "keep", False), (["*", "!keep", "keep"], "keep", True), (["\\*x"], "*x", True),
        (["\\*x"], "ax", False), (["[a-c].txt"], "b.txt", True), (["node_modules"], "src/node_modules", False),
    ],
)  # fmt: skip
def test_pattern_matcher(patterns, path, matched):
    matcher = PatternMatcher(read_patterns("\n".join(patterns)))
    assert matcher.matches_or_parent_matches(path) is matched


# --- experimental InvalidDefinitionDescription, EXPOSE --------------------------------


def test_definition_description_is_off_unless_opted_in():
    text = "# a comment\nARG foo=1\nFROM scratch\n"
    assert reported(text) == []
    assert reported(text, select={"DF119"}) == [("InvalidDefinitionDescription", 2)]
    assert reported("# foo: the foo\nARG foo=1\nFROM scratch\n", select={"DF119"}) == [
        ("InvalidDefinitionDescription", 2)
    ]
    assert reported("# foo the foo\n#\nARG foo=1\nFROM scratch\n", select={"DF119"}) == []


def test_expose_fix_lowercases_the_protocol():
    text = "FROM alpine\nEXPOSE 80/TCP 53/udp\n"
    assert apply(text, only_fix(text, "ExposeProtoCasing").edits) == "FROM alpine\nEXPOSE 80/tcp 53/udp\n"


def test_findings_point_at_buildkits_line_for_multi_line_instructions():
    text = "FROM alpine\nEXPOSE 80 \\\n  443/TCP\nENV A=1 \\\n  MY_TOKEN=x\n"
    assert reported(text) == [("ExposeProtoCasing", 2), ("SecretsUsedInArgOrEnv", 4)]


# --- robustness -------------------------------------------------------------------------


def test_checks_survive_parser_edge_cases():
    """Whatever the parser makes of a text, the checks and the suppressions neither raise
    nor report outside the file."""
    from hypothesis import HealthCheck, given, settings
    from strategies import dockerfiles

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(dockerfiles())
    def run(text):
        lines = max(1, len(parse(text).lines))
        for finding in lint(text, context_dir=FIXTURES, select={"DF119"}):
            if finding.rule.startswith(("DF1", "DF9")):
                assert 1 <= finding.span.line <= finding.span.end_line <= lines + 1

    run()
