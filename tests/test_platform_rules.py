"""The platform rules (DF301-DF307), the platform model and the platform summary.

The fixtures in tests/fixtures/platform/ are the cross-compilation patterns people
write, each correct variant next to a broken one. The checks are run directly
(not through the whole engine) so that these tests say only what the platform
rules do.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from dflint.engine.context import LintContext, LintOptions
from dflint.knowledge import parse_target
from dflint.platforms import Platform, PlatformError, parse_platform, platform_summary
from dflint.platforms.intent import intent, requested_platforms
from dflint.syntax import parse

FIXTURES = Path(__file__).parent / "fixtures" / "platform"
MULTI = ("linux/amd64", "linux/arm64")


def _platform_checks():
    import dflint.checks.platform as package
    from dflint.engine.registry import _CHECKS

    for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
    return [c for c in _CHECKS if c.module.startswith(package.__name__ + ".")]


CHECKS = _platform_checks()


def lint(text: str, platforms=(), targets=()) -> list[tuple[str, object]]:
    """(rule id, issue) for every platform finding of `text`."""
    ctx = LintContext(parse(text), LintOptions(platforms=tuple(platforms), targets=tuple(targets)))
    return [(c.rules[0], issue) for c in CHECKS for issue in c.fn(ctx)]


def rules(text: str, **kwargs) -> list[str]:
    return sorted(rule for rule, _ in lint(text, **kwargs))


def covered(text: str, span) -> str:
    lines = text.splitlines()
    assert span.line == span.end_line
    return lines[span.line - 1][span.column - 1 : span.end_column - 1]


def apply_fix(text: str, fix) -> str:
    lines = text.splitlines(keepends=True)
    for edit in sorted(fix.edits, key=lambda e: (e.span.line, e.span.column), reverse=True):
        start = sum(len(line) for line in lines[: edit.span.line - 1]) + edit.span.column - 1
        end = sum(len(line) for line in lines[: edit.span.end_line - 1]) + edit.span.end_column - 1
        joined = "".join(lines)
        lines = (joined[:start] + edit.text + joined[end:]).splitlines(keepends=True)
    return "".join(lines)


# --- the platform model -------------------------------------------------------


@pytest.mark.parametrize(
    "specifier,expected",
    [
        ("linux/arm64", "linux/arm64"),
        ("linux/arm64/v8", "linux/arm64"),
        ("linux/aarch64", "linux/arm64"),
        ("amd64", "linux/amd64"),
        ("x86_64", "linux/amd64"),
        ("linux/x86-64/v1", "linux/amd64"),
        ("linux/amd64/v3", "linux/amd64/v3"),
        ("linux/arm", "linux/arm/v7"),
        ("linux/armhf", "linux/arm/v7"),
        ("linux/arm/7", "linux/arm/v7"),
        ("linux/armel", "linux/arm/v6"),
        ("linux/i386", "linux/386"),
        ("Linux/ARM64", "linux/arm64"),
        ("windows/amd64", "windows/amd64"),
    ],
)
def test_platforms_normalise_as_containerd_does(specifier, expected):
    assert str(parse_platform(specifier)) == expected


def test_equal_platforms_compare_equal_after_normalisation():
    assert parse_platform("linux/arm64").key == parse_platform("linux/arm64/v8").key
    assert parse_platform("linux/arm/v7").key == parse_platform("linux/armhf").key
    assert parse_platform("linux/arm/v6").key != parse_platform("linux/arm/v7").key
    assert Platform("", "arm64").matches(parse_platform("linux/aarch64"))
    assert not Platform("", "amd64").matches(parse_platform("linux/arm64"))


@pytest.mark.parametrize(
    "specifier,message",
    [
        ("", '"" is an invalid component of "": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument'),
        ("linux//amd64", '"" is an invalid component of "linux//amd64"'),
        ("linux/*", '"linux/*": wildcards not yet supported: invalid argument'),
        ("linux/amd64/v8/x", '"linux/amd64/v8/x": cannot parse platform specifier: invalid argument'),
        ("potato", '"potato": unknown operating system or architecture: invalid argument'),
    ],
)
def test_invalid_platforms_fail_with_containerds_text(specifier, message):
    with pytest.raises(PlatformError) as caught:
        parse_platform(specifier)
    assert message in str(caught.value)


def test_requested_platforms_are_split_deduplicated_and_checked():
    platforms, invalid = requested_platforms(["linux/amd64,linux/arm64", "linux/arm64/v8", "x86_64", "linux//x"])
    assert [str(p) for p in platforms] == ["linux/amd64", "linux/arm64"]
    assert invalid == ("linux//x",)


def test_intent_comes_from_options_or_from_the_dockerfile():
    plain = "FROM alpine:3.20\nRUN echo hi\n"
    cross = "FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nFROM alpine:3.20\n"
    assert not intent(LintContext(parse(plain), LintOptions())).multi
    assert intent(LintContext(parse(plain), LintOptions(platforms=MULTI))).multi
    assert not intent(LintContext(parse(plain), LintOptions(platforms=("linux/arm64",)))).multi
    found = intent(LintContext(parse(cross), LintOptions()))
    assert found.multi and found.signals[0][0] == 1 and "BUILDPLATFORM" in found.signals[0][1]


# --- the fixtures: each correct variant clean, each broken one with its finding -----


@pytest.mark.parametrize(
    "name,platforms,expected",
    [
        ("go-cross.ok", (), []),
        ("go-cross.ok", MULTI, []),
        ("go-cross.no-goarch", (), ["DF305"]),
        ("go-cross.undeclared", (), ["DF301"]),
        ("go-xx.ok", MULTI, []),
        ("rust-cross.ok", MULTI, []),
        ("rust-cross.no-target", (), ["DF305"]),
        ("node-native.ok", MULTI, []),
        ("node-native.build-platform-modules", (), ["DF305"]),
        ("release-binary.ok", MULTI, []),
        ("release-binary.hard-coded", (), []),
        ("release-binary.hard-coded", ("linux/amd64",), []),
        ("release-binary.hard-coded", MULTI, ["DF306"]),
        ("release-binary.hard-coded", ("linux/arm64",), ["DF306"]),
        ("release-binary.undeclared", (), ["DF301"]),
        ("release-binary.build-probe", (), ["DF307"]),
        ("frozen-default", (), ["DF302"]),
        ("arch-base-image", (), ["DF306"]),
        ("arch-base-image", ("linux/arm64",), []),
        # the fixtures tests/integration/test_platform_builds.py builds for real
        ("builds/undeclared-targetarch", MULTI, ["DF301"]),
        ("builds/build-platform-probe", MULTI, ["DF307"]),
        ("builds/cross.ok", MULTI, []),
        ("builds/frozen-targetarch", MULTI, ["DF302"]),
        ("builds/release-archive.hard-coded", (), ["DF306"]),
        ("builds/release-archive.ok", MULTI, []),
        ("builds/build-platform-classic", (), ["DF306"]),  # its amd64-only final base image
    ],
)
def test_fixture(name, platforms, expected):
    text = (FIXTURES / f"{name}.Dockerfile").read_text()
    assert rules(text, platforms=platforms) == expected


# --- DF301 undeclared-platform-arg ----------------------------------------------


def test_undeclared_arg_is_located_exactly_and_fixed_by_declaring_it():
    text = (FIXTURES / "go-cross.undeclared.Dockerfile").read_text()
    [(_rule, issue)] = lint(text)
    assert covered(text, issue.span) == "$TARGETARCH"
    assert "RUN shell has no TARGETARCH" in issue.message
    fixed = apply_fix(text, issue.fix)
    assert "AS build\nARG TARGETARCH\nWORKDIR" in fixed
    assert rules(fixed) == []


def test_undeclared_arg_in_buildkit_expanded_places():
    text = (
        "ARG TARGETARCH\n"
        "FROM alpine:3.20\n"
        "COPY --chown=1:1 bin/${TARGETARCH}/tool /usr/local/bin/\n"
        "ENV ARCH=$TARGETARCH\n"
        "WORKDIR /opt/$BUILDARCH\n"
        "COPY <<EOF /etc/platform\n"
        "$TARGETPLATFORM\n"
        "EOF\n"
    )
    found = lint(text)
    assert [covered(text, i.span) for _, i in found] == ["${TARGETARCH}", "$TARGETARCH", "$BUILDARCH", "$TARGETPLATFORM"]
    assert "line 1 is before the first FROM" in found[0][1].message
    # each use carries the insertion of its name: one per name and stage
    assert len({i.fix for _, i in found}) == 3 and all(i.fix.safety == "safe" for _, i in found)


def test_undeclared_arg_not_reported_where_nothing_expands_it():
    text = (
        "FROM alpine:3.20\n"
        "RUN echo '$TARGETARCH is literal here'\n"
        "RUN <<'EOF'\n"
        "echo $TARGETARCH\n"
        "EOF\n"
        'RUN ["echo", "$TARGETARCH"]\n'
        "CMD echo $TARGETARCH\n"
        "ARG TARGETOS\n"
        "RUN echo $TARGETOS\n"
    )
    assert rules(text) == []


def test_undeclared_arg_with_default_is_milder_and_says_what_happens():
    text = "FROM alpine:3.20\nRUN wget https://example.com/tool-${TARGETARCH:-amd64}\n"
    [(rule, issue)] = lint(text)
    assert rule == "DF301" and issue.severity == "info"
    assert "always takes its default" in issue.message and "'amd64'" in issue.message
    assert covered(text, issue.span) == "${TARGETARCH:-amd64}"


def test_undeclared_arg_used_before_its_declaration():
    text = "FROM alpine:3.20\nRUN echo $TARGETARCH > /a\nARG TARGETARCH\nRUN echo $TARGETARCH > /b\n"
    [(_rule, issue)] = lint(text)
    assert issue.span.line == 2 and "only on line 3" in issue.message


def test_newer_automatic_args_are_scoped_the_same_way():
    text = "FROM alpine:3.20 AS base\nRUN echo $TARGETSTAGE $TARGETOSVERSION\nARG TARGETSTAGE\nRUN echo $TARGETSTAGE\n"
    assert [(i.data["variable"], i.span.line) for _, i in lint(text)] == [("TARGETSTAGE", 2), ("TARGETOSVERSION", 2)]


def test_child_stage_does_not_inherit_the_parents_arg():
    text = "FROM alpine:3.20 AS base\nARG TARGETARCH\nFROM base\nRUN echo $TARGETARCH\n"
    [(rule, issue)] = lint(text)
    assert rule == "DF301" and issue.span.line == 4


# --- DF302 frozen-platform-arg --------------------------------------------------


@pytest.mark.parametrize("line", ["ARG TARGETPLATFORM=linux/arm64", "ARG TARGETOS=linux TARGETARCH=amd64"])
def test_platform_arg_defaults_freeze_the_value(line):
    found = lint(f"FROM alpine:3.20\n{line}\n")
    assert {r for r, _ in found} == {"DF302"}
    assert "never changes it" in found[0][1].message


def test_global_platform_arg_default_freezes_too():
    found = lint("ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM alpine:3.20\n")
    assert [r for r, _ in found] == ["DF302"]
    assert "before the first FROM" in found[0][1].message and "build machine" in found[0][1].message


# --- DF303 invalid-platform -----------------------------------------------------


@pytest.mark.parametrize(
    "text,needle",
    [
        ("FROM --platform=$PLATFORM alpine\n", 'failed to parse platform : "" is an invalid component of ""'),
        ("FROM --platform=linux/$ARCH alpine\n", '"" is an invalid component of "linux/"'),
        ("FROM --platform=$BUILDOS/$BUILDARCH/$BUILDVARIANT alpine\n", "when the variant is empty"),
        ("ARG P=linux//amd64\nFROM --platform=$P alpine\n", 'failed to parse platform linux//amd64'),
        ("FROM --platform=linux/amd46 alpine\n", "unknown architecture 'amd46'"),
    ],
)
def test_invalid_platform_values(text, needle):
    found = lint(text)
    assert [r for r, _ in found] == ["DF303"]
    assert needle in found[0][1].message


@pytest.mark.parametrize(
    "text",
    [
        "FROM --platform=$BUILDPLATFORM alpine\n",
        "FROM --platform=$BUILDOS/$BUILDARCH alpine\n",
        "ARG P\nFROM --platform=$P alpine\n",
        "ARG P=linux/arm/v7\nFROM --platform=$P alpine AS a\n",
        # an undefined name that leaves a valid platform is UndefinedArgInFrom's alone
        "FROM --platform=linux/amd64$SUFFIX alpine AS amd64\n",
        "FROM --platform=linux/aarch64 alpine AS arm64-tools\n",
    ],
)
def test_valid_platform_values(text):
    assert "DF303" not in rules(text)


# --- the classic builder and platform ARGs: the compatibility rule DF201 ---------
# One rule, not two: what a builder does with the automatic platform ARGs comes
# from the knowledge base through DF201; the platform family does not repeat it.

LEGACY = parse_target("legacy:20.10")
BUILDKIT = parse_target("docker:27.0")
KANIKO = parse_target("kaniko:1.24.0")


def _df201(text: str, target) -> list:
    from dflint.engine.linter import Selection, lint_document

    findings = lint_document(parse(text), options=LintOptions(targets=(target,)), selection=Selection(select=frozenset({"DF201"})))
    return [f for f in findings if f.data.get("feature") in ("platform-args", "from.platform.variable")]


def test_build_platform_on_the_classic_builder_fails_with_containerds_error():
    text = "FROM --platform=$BUILDPLATFORM alpine AS b\nARG TARGETARCH\nRUN echo $TARGETARCH\nFROM alpine\nCOPY --from=b /x /x\n"
    found = _df201(text, LEGACY)
    assert [(f.span.line, f.severity) for f in found] == [(1, "error"), (2, "warning")]
    assert all(f.data["target"] == "legacy:20.10" for f in found)
    assert 'failed to parse platform : "" is an invalid component of ""' in found[0].message
    assert _df201(text, BUILDKIT) == []
    assert "DF304" not in rules(text, targets=[LEGACY])  # the platform family leaves it to DF201


def test_platform_arg_in_the_image_name_on_the_classic_builder():
    found = _df201("FROM app:$TARGETARCH\n", LEGACY)
    assert len(found) == 1 and found[0].severity == "warning"


# --- DF305 build-platform-output ------------------------------------------------


def test_build_platform_output_names_the_build_step_and_the_copy():
    text = (FIXTURES / "go-cross.no-goarch.Dockerfile").read_text()
    [(_rule, issue)] = lint(text)
    assert covered(text, issue.span) == "--from=build"
    assert "line 5: `go build` compiles for the build machine" in issue.message


def test_build_platform_output_through_a_mount():
    text = (
        "FROM --platform=$BUILDPLATFORM rust:1.79 AS build\nRUN cargo build --release\n"
        "FROM debian:bookworm-slim\nRUN --mount=from=build,source=/target/release,target=/r cp /r/app /usr/bin/\n"
    )
    assert rules(text) == ["DF305"]


@pytest.mark.parametrize(
    "text",
    [
        # a pinned-constant stage for tools is not $BUILDPLATFORM
        "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine\nCOPY --from=build /app /app\n",
        # GOARCH set from the target
        "FROM --platform=$BUILDPLATFORM golang AS b\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\nFROM alpine\nCOPY --from=b /app /app\n",
        # pip output that is not copied (only a generated file)
        "FROM --platform=$BUILDPLATFORM python:3.12 AS gen\nRUN pip install jinja2 && python gen.py > /out.conf\nFROM alpine\nCOPY --from=gen /out.conf /etc/\n",
        # the build stage is only used by another build stage
        "FROM --platform=$BUILDPLATFORM golang AS b\nRUN go build -o /tool .\nFROM --platform=$BUILDPLATFORM alpine AS c\nCOPY --from=b /tool /tool\n",
    ],
)
def test_build_platform_output_not_reported(text):
    assert "DF305" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        # the whole WORKDIR holds node_modules
        (
            "FROM --platform=$BUILDPLATFORM node:20 AS deps\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
            "FROM node:20-slim\nCOPY --from=deps /app /app\n"
        ),
        # /usr/local holds what pip installed
        (
            "FROM --platform=$BUILDPLATFORM python:3.12 AS b\nRUN pip install -r req.txt\n"
            "FROM python:3.12-slim\nCOPY --from=b /usr/local /usr/local\n"
        ),
    ],
)
def test_build_platform_installs_copied_as_a_whole_tree(text):
    assert rules(text) == ["DF305"]


def test_pip_site_packages_from_build_platform():
    text = (
        "FROM --platform=$BUILDPLATFORM python:3.12 AS deps\nRUN pip install --prefix=/install numpy\n"
        "FROM python:3.12-slim\nCOPY --from=deps /install /usr/local\n"
    )
    [(rule, issue)] = lint(text)
    assert rule == "DF305" and "pip picks wheels" in issue.message


# --- DF306 hard-coded-architecture ---------------------------------------------


def test_hard_coded_download_is_located_on_the_arch_word():
    text = (FIXTURES / "release-binary.hard-coded.Dockerfile").read_text()
    [(_rule, issue)] = lint(text, platforms=MULTI)
    assert covered(text, issue.span) == "amd64"


@pytest.mark.parametrize(
    "image,platforms,flagged",
    [
        ("arm64v8/alpine:3.20", ("linux/amd64",), True),
        ("arm64v8/alpine:3.20", ("linux/arm64/v8",), False),
        ("docker.io/amd64/debian:12", MULTI, True),
        ("ghcr.io/acme/tool:1.2-aarch64", MULTI, True),
        ("ghcr.io/acme/tool-amd64:1.2", MULTI, True),
        ("ghcr.io/acme/tool:1.2-aarch64", (), False),
        ("alpine:3.20", MULTI, False),
        ("ghcr.io/acme/tool:${TARGETARCH}", MULTI, False),
        ("localhost:5000/x86_64-builds/tool:1", MULTI, False),
    ],
)
def test_arch_specific_base_images(image, platforms, flagged):
    assert ("DF306" in rules(f"FROM {image}\n", platforms=platforms)) is flagged


def test_base_image_contradicting_its_own_platform_flag_is_always_reported():
    found = lint("FROM --platform=linux/amd64 arm64v8/alpine:3.20 AS tools\n")
    assert [r for r, _ in found] == ["DF306"]
    assert "--platform=linux/amd64" in found[0][1].message


def test_downloads_in_a_stage_pinned_to_a_platform_are_judged_against_that_platform():
    text = (
        "FROM --platform=linux/arm64 debian:12 AS tools\n"
        "RUN curl -O https://example.com/tool-aarch64.tar.gz\n"
        "RUN curl -O https://example.com/other-amd64.tar.gz\n"
    )
    for platforms in ((), MULTI):
        found = lint(text, platforms=platforms)
        assert [(r, i.span.line) for r, i in found] == [("DF306", 3)]
        assert "pinned to --platform=linux/arm64" in found[0][1].message


def test_dpkg_add_architecture_in_a_target_stage():
    text = "FROM debian:12\nRUN dpkg --add-architecture arm64 && apt-get update\n"
    found = lint(text, platforms=MULTI)
    assert [r for r, _ in found] == ["DF306"] and covered(text, found[0][1].span) == "arm64"
    cross = "FROM --platform=$BUILDPLATFORM debian:12 AS b\nRUN dpkg --add-architecture arm64\nFROM debian:12\nCOPY --from=b /x /x\n"
    assert rules(cross, platforms=MULTI) == []


def test_cross_toolchain_packages_are_not_downloads():
    text = "FROM --platform=$BUILDPLATFORM debian:12 AS b\nRUN apt-get install -y gcc-aarch64-linux-gnu\nFROM debian:12\n"
    text += "RUN apt-get install -y gcc-x86-64-linux-gnu\n"
    assert rules(text, platforms=MULTI) == []


# --- DF307 build-machine-arch-probe ---------------------------------------------


@pytest.mark.parametrize("probe", ["uname -m", "dpkg --print-architecture", "apk --print-arch", "arch"])
def test_arch_probes_in_a_build_platform_stage(probe):
    text = f"FROM --platform=$BUILDPLATFORM alpine AS b\nRUN echo $({probe}) > /arch\nFROM alpine\nCOPY --from=b /arch /arch\n"
    found = lint(text)
    assert [r for r, _ in found] == ["DF307"]
    assert covered(text, found[0][1].span) == probe


@pytest.mark.parametrize(
    "text",
    [
        # in a target-platform stage uname -m is the target (under emulation)
        "FROM alpine\nRUN echo $(uname -m) > /arch\n",
        # a build-platform stage that feeds nothing into the image
        "FROM --platform=$BUILDPLATFORM alpine AS b\nRUN uname -m\nFROM alpine\n",
        # words that merely contain "arch"
        "FROM --platform=$BUILDPLATFORM alpine AS b\nRUN echo search archive && mkdir /arch\nFROM alpine\nCOPY --from=b /arch /arch\n",
    ],
)
def test_arch_probes_not_reported(text):
    assert "DF307" not in rules(text)


# --- the summary ------------------------------------------------------------------


def _summary(name, **kwargs):
    return platform_summary(parse((FIXTURES / f"{name}.Dockerfile").read_text()), **kwargs)


def test_summary_of_a_correct_cross_build_is_ok_everywhere():
    summary = _summary("go-cross.ok", platforms=("linux/amd64", "linux/arm64", "linux/arm/v7"), build_platform="linux/amd64")
    assert summary.multi_platform
    assert [str(p) for p in summary.buildable] == ["linux/amd64", "linux/arm64", "linux/arm/v7"]
    assert summary.stages == [("build", "the build machine ($BUILDPLATFORM)"), ("1", "the target platform")]


def test_summary_says_build_machine_output_is_right_only_for_the_build_machine():
    summary = _summary("go-cross.no-goarch", build_platform="linux/amd64")
    assert [str(p) for p in summary.buildable] == ["linux/amd64"]
    [arm] = [v for v in summary.verdicts if not v.ok]
    assert str(arm.platform) == "linux/arm64" and arm.problems[0].rule == "DF305"


def test_summary_of_hard_coded_and_frozen_architectures():
    assert [str(p) for p in _summary("release-binary.hard-coded").buildable] == ["linux/amd64"]
    assert [str(p) for p in _summary("frozen-default").buildable] == ["linux/amd64"]
    assert [str(p) for p in _summary("arch-base-image").buildable] == ["linux/arm64"]
    undeclared = _summary("release-binary.undeclared")
    assert undeclared.buildable == [] and all(v.problems[0].rule == "DF301" for v in undeclared.verdicts)


def test_summary_of_a_final_stage_pinned_to_one_platform():
    summary = platform_summary(parse("FROM --platform=linux/amd64 alpine:3.20\nRUN true\n"), platforms=MULTI)
    assert [str(p) for p in summary.buildable] == ["linux/amd64"]
    [arm] = [v for v in summary.verdicts if not v.ok]
    assert arm.problems[0].rule is None and "pinned to linux/amd64" in arm.problems[0].message


def test_summary_ignores_stages_the_image_does_not_need():
    text = "FROM alpine AS unused\nRUN wget https://example.com/tool-amd64.tar.gz\nFROM alpine\nRUN true\n"
    assert [str(p) for p in platform_summary(parse(text)).buildable] == ["linux/amd64", "linux/arm64"]


def test_summary_uses_the_context_options_and_reports_builder_problems():
    text = (FIXTURES / "go-cross.ok.Dockerfile").read_text()
    ctx = LintContext(parse(text), LintOptions(platforms=("linux/arm64",), targets=(LEGACY,)))
    summary = platform_summary(ctx)
    assert [str(v.platform) for v in summary.verdicts] == ["linux/arm64"]
    assert {p.rule for p in summary.builder_problems} == {"DF201"}
    data = summary.to_dict()
    assert data["platforms"][0]["platform"] == "linux/arm64"
    assert data["builder_problems"][0]["target"] == "legacy:20.10"
    assert any("linux/arm64: ok" == line for line in summary.lines())


# --- robustness -------------------------------------------------------------------

PLATFORM_LINES = [
    "FROM --platform=$BUILDPLATFORM golang AS b",
    "FROM --platform=${BUILDOS}/$BUILDARCH/$BUILDVARIANT alpine",
    "FROM --platform=linux/amd64 arm64v8/alpine:3.20-aarch64",
    "ARG TARGETARCH=amd64",
    "ARG TARGETOS TARGETARCH",
    "RUN GOARCH=$TARGETARCH go build -o /app . && uname -m",
    "RUN wget https://example.com/t-linux-x86_64.tar.gz; dpkg --add-architecture arm64",
    "COPY --from=b /app/node_modules ${TARGETPLATFORM}/",
    "ADD https://example.com/tool-aarch64 /t",
    "RUN <<EOF\necho $TARGETVARIANT\nEOF",
    "RUN --mount=from=b,source=/x,target=/y npm ci",
]


def test_never_crashes_and_every_span_is_inside_the_file():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from strategies import dockerfiles

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(dockerfiles(), st.lists(st.sampled_from(PLATFORM_LINES), max_size=6), st.booleans())
    def run(text, extra, multi):
        text = text + "\n" + "\n".join(extra) + "\n"
        doc = parse(text)
        last = len(doc.lines) + 1
        for _, issue in lint(text, platforms=MULTI if multi else (), targets=(LEGACY,)):
            span = issue.span
            assert 1 <= span.line <= span.end_line <= last and span.column >= 1, (issue, text)
        platform_summary(doc).to_dict()

    run()
