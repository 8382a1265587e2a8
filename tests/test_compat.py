"""Feature detection and the compatibility rules (DF201–DF210) on tests/fixtures/compat.

The prediction table below is written from the documented facts
(/work/shared/docs/buildkit-facts.md, builders-facts.md, real-builders.md),
not from dflint's output: error exactly where the build fails, warning where it
builds but drops the feature, info where the facts record nothing, None where
it builds as written. tests/integration/test_compat_builds.py checks the same
predictions against real builds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dflint.compat import detect_features, features_of
from dflint.engine.context import LintContext, LintOptions
from dflint.engine.linter import Selection, lint_document
from dflint.knowledge.targets import parse_target
from dflint.model import build_model
from dflint.syntax import parse

FIXTURES = Path(__file__).parent / "fixtures" / "compat"
TARGETS = ("legacy:20.10", "docker:20.10", "buildah:1.28", "buildkit")
COMPAT = frozenset({"DF201", "DF203", "DF204", "DF205"})
RANK = {"error": 3, "warning": 2, "info": 1}
E, W, I, N = "error", "warning", "info", None

# fixture: (legacy:20.10, docker:20.10 = BuildKit 0.8 / frontend 1.2, buildah:1.28, buildkit = newest)
EXPECTED = {
    # RUN --mount: classic 20.10.6+ "the --mount option requires BuildKit"; frontend 1.2 has all types;
    # Buildah has all types from 1.24; tmpfs size= needs 1.4, secret env= 1.10.
    "run-mount-cache": (E, N, N, N),
    "run-mount-bind-from": (E, N, N, N),  # a real Buildah 1.28.2 build: from=<stage> works
    "run-mount-tmpfs": (E, N, N, N),
    "run-mount-tmpfs-size": (E, E, E, N),
    "run-mount-secret": (E, N, N, N),
    "run-mount-secret-env": (E, E, E, N),
    "run-mount-ssh": (E, N, N, N),
    "run-mount-uid-gid-mode": (E, N, W, N),
    # --network stable 1.3, --security stable 1.20, --device labs-only; imagebuilder RUN takes --mount only before 1.30
    "run-network-none": (E, E, E, N),
    "run-network-host": (E, E, E, N),
    "run-security-insecure": (E, E, E, N),
    "run-device": (E, E, E, E),
    # heredocs: frontend 1.4; 20.10 parsers read the body as instructions; Buildah from 1.33
    "heredoc-run": (E, E, E, N),
    "heredoc-run-quoted": (E, E, E, N),
    "heredoc-strip-tabs": (E, E, E, N),
    "heredoc-whitespace": (E, E, E, N),
    "heredoc-copy": (E, E, E, N),
    "heredoc-onbuild": (E, E, E, N),
    "heredoc-and-link": (E, E, E, N),
    # COPY/ADD flags: --chmod 1.2 (classic: "requires BuildKit"), --link 1.4, --exclude 1.19, --parents 1.20,
    # --unpack 1.17 (not in imagebuilder's ADD list), --chmod=$VAR 1.10, symbolic 1.14
    "copy-chmod-octal": (E, N, N, N),
    "copy-chmod-variable": (E, W, N, N),
    "copy-chmod-symbolic": (E, W, E, N),
    "add-chmod": (E, N, N, N),
    "copy-chown-variable": (N, N, N, N),
    "copy-link": (E, E, E, N),
    "add-link": (E, E, E, N),
    "copy-parents": (E, E, E, N),
    "copy-exclude": (E, E, E, N),
    "add-exclude": (E, E, E, N),
    "add-unpack": (E, E, E, N),
    "add-keep-git-dir": (E, E, E, N),
    "add-checksum-http": (E, E, I, N),
    "add-checksum-git": (E, E, I, N),
    "add-git": (W, W, I, N),  # fetched as one plain file by builders without git sources
    # named contexts: 1.4 + --build-context; the classic builder and 1.2 pull the name (no such image)
    "named-context": (E, E, N, N),
    "named-context-placeholder": (N, N, N, N),
    "named-context-typo": (N, N, N, N),  # DF207's business, not a compatibility question
    # platform ARGs are empty on the classic builder; FROM --platform=$BUILDPLATFORM fails there
    "platform-args": (W, N, N, N),
    "from-platform-buildplatform": (E, N, N, N),
    "from-platform-literal": (N, N, N, N),
    # ${v%p} needs the 1.7 lexer; ${v:?m} is in 1.1.6, so in every 20.10 parser
    "expansion-pattern": (E, E, E, N),
    "expansion-required": (N, N, E, N),
    "shell-instruction": (N, N, W, N),  # Buildah drops SHELL in the OCI format
    "check-directive": (W, W, W, N),
    "onbuild-from": (N, W, W, N),
    # pins: ignored by the classic builder and Buildah; 1.2 has no heredocs; 1.4 on BuildKit 0.8 copies without MergeOp
    "syntax-pin-old": (E, E, E, E),
    "syntax-pin-new": (E, W, E, N),
    "syntax-malformed": (N, E, N, E),
    "plain": (N, N, N, N),
}


def _doc(name: str):
    return parse((FIXTURES / f"{name}.Dockerfile").read_text())


def _lint(text: str, *targets: str, select=None):
    doc = parse(text)
    options = LintOptions(targets=tuple(parse_target(t) for t in targets))
    selection = Selection(select=frozenset(select)) if select else Selection()
    return lint_document(doc, options=options, selection=selection)


def _worst(findings):
    return max((f.severity for f in findings), key=RANK.__getitem__, default=None)


def test_every_fixture_has_an_expectation():
    names = {p.name.removesuffix(".Dockerfile") for p in FIXTURES.glob("*.Dockerfile")}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("target", TARGETS)
def test_prediction_matches_the_facts(name, target):
    doc = _doc(name)
    options = LintOptions(targets=(parse_target(target),))
    findings = lint_document(doc, options=options, selection=Selection(select=COMPAT))
    assert _worst(findings) == EXPECTED[name][TARGETS.index(target)], [f.message for f in findings]


def _features(text: str) -> list[tuple[str, int, int]]:
    doc = parse(text)
    return [(u.feature, u.span.line, u.span.column) for u in detect_features(doc, build_model(doc))]


def test_every_mount_option_is_a_feature_of_its_own():
    found = _features(
        "FROM alpine AS build\n"
        "FROM alpine\n"
        "RUN --mount=type=secret,id=t,env=T,required=true,mode=0400 --mount=type=tmpfs,target=/t,size=1m "
        "--mount=from=build,target=/b --network=host --security=insecure --device=gpu true\n"
    )
    assert [f for f, _, _ in found] == [
        "run.mount.required", "run.mount.secret", "run.mount.secret.env", "run.mount.uid-gid-mode",
        "run.mount.tmpfs", "run.mount.tmpfs.size", "run.mount.bind", "run.mount.bind.from",
        "run.network.host", "run.security.insecure", "run.device",
    ]  # fmt: skip


def test_heredoc_forms():
    text = (
        "FROM alpine\n"
        "RUN <<EOF\necho\nEOF\n"
        "RUN cat << 'X' > /f\nhi\nX\n"
        "COPY <<a.txt /a\nx\na.txt\n"
        "ONBUILD RUN <<EOF\necho\nEOF\n"
    )
    assert _features(text) == [
        ("heredoc", 2, 5),
        ("heredoc", 5, 9), ("heredoc.quoted", 5, 9), ("heredoc.whitespace", 5, 9),
        ("heredoc.copy", 8, 6),
        ("heredoc.onbuild", 11, 13),
    ]  # fmt: skip


def test_copy_and_add_flags():
    text = (
        "FROM alpine\n"
        "ARG M=755\n"
        "COPY --chmod=755 --link --parents --exclude=*.md a /a\n"
        "COPY --chmod=$M --chown=$U a /a\n"
        "ADD --chmod=go+rX --unpack=true --checksum=sha256:00 https://example.com/a.tgz /a\n"
        "ADD --checksum=abc --keep-git-dir git@github.com:moby/buildkit.git /src\n"
    )
    found = [(f, line) for f, line, _ in _features(text)]
    assert found == [
        ("copy.chmod", 3), ("copy.link", 3), ("copy.parents", 3), ("copy.exclude", 3),
        ("copy.chmod", 4), ("copy.chmod.variable", 4), ("copy.chown.variable", 4),
        ("add.chmod", 5), ("copy.chmod.symbolic", 5), ("add.unpack", 5), ("add.checksum", 5),
        ("add.checksum.git", 6), ("add.keep-git-dir", 6), ("add.git", 6),
    ]  # fmt: skip


def test_named_contexts_leave_official_images_stages_and_onbuild_alone():
    text = (
        "FROM golang AS build\n"
        "FROM alpine\n"
        "COPY --from=build /a /a\n"
        "COPY --from=busybox /bin/busybox /bin/\n"
        "COPY --from=docs /site /site\n"
        "RUN --mount=from=deps,target=/deps true\n"
        "ONBUILD COPY --from=assets /a /a\n"
        "FROM base-ctx\n"
    )
    contexts = [(line, col) for f, line, col in _features(text) if f == "named-context"]
    assert contexts == [(5, 6), (6, 5), (8, 6)]


def test_platform_args_and_from_platform():
    text = (
        "ARG BASE=alpine\n"
        "FROM --platform=$BUILDPLATFORM ${BASE}:3 AS build\n"
        "ARG TARGETARCH\n"
        "ARG TARGETOS=linux\n"
        "ARG TARGETSTAGE\n"
        "FROM --platform=linux/amd64 alpine:${TARGETARCH}\n"
    )
    assert _features(text) == [
        ("from.platform.variable", 2, 6),
        ("platform-args", 3, 5),
        ("platform-args.extra", 5, 5),
        ("from.platform", 6, 6),
        ("platform-args", 6, 36),
    ]


def test_a_global_arg_with_a_value_makes_from_platform_a_plain_value():
    found = _features("ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM alpine\n")
    assert [f for f, _, _ in found] == ["from.platform"]


def test_expansion_forms_only_in_words_buildkit_expands():
    text = (
        "FROM alpine\n"
        "ARG F=a.txt\n"
        "ENV A=${F%.txt} B=${F:?missing} C=${F-x}\n"
        "RUN echo ${F%.txt}\n"
        "COPY --chown=${U:?who} ${F#a} /x\n"
    )
    assert _features(text) == [
        ("expansion.pattern", 3, 7),
        ("expansion.required", 3, 19),
        ("expansion.no-colon", 3, 35),
        ("copy.chown.variable", 5, 6),
        ("expansion.required", 5, 14),
        ("expansion.pattern", 5, 24),
    ]


def test_directives_and_check_comments():
    text = (
        "# syntax=docker/dockerfile:1.10\n"
        "# check=skip=all;experimental=all\n"
        "FROM alpine\n"
        "# check=skip=UndefinedVar\n"
        "RUN true\n"
        "SHELL [\"/bin/sh\", \"-c\"]\n"
    )
    assert _features(text) == [
        ("syntax-directive", 1, 1),
        ("check-directive", 2, 1),
        ("check-directive.experimental", 2, 9),
        ("check-comment", 4, 1),
        ("shell-instruction", 6, 1),
    ]


def test_detection_is_memoised_per_file():
    doc = _doc("heredoc-and-link")
    ctx = LintContext(doc, LintOptions())
    assert features_of(ctx) is features_of(ctx)


def test_one_finding_per_mount_where_every_mount_fails():
    text = "FROM alpine\nRUN --mount=type=secret,id=t,required=true,uid=0 cat /run/secrets/t\n"
    legacy = [f for f in _lint(text, "legacy:20.10", select={"DF201"})]
    assert len(legacy) == 1
    assert legacy[0].message.endswith(
        "legacy:20.10 fails: “the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ "
        "to learn how to build images with BuildKit enabled”"
    )


def test_unsupported_feature_message_and_json_data():
    text = (FIXTURES / "heredoc-run.Dockerfile").read_text()
    (legacy,) = _lint(text, "legacy:20.10", select={"DF201"})
    assert legacy.severity == "error"
    assert "needs frontend ≥ 1.4 and BuildKit" in legacy.message
    assert "dockerfile parse error line 3: unknown instruction: ECHO" in legacy.message
    data = legacy.to_dict()
    assert data["target"] == "legacy:20.10"
    assert data["requires"] == {"frontend": "1.4", "labs": False, "buildkit": True}
    (dropped,) = _lint(text, "legacy:23.0", select={"DF201"})
    assert dropped.severity == "warning"
    assert "legacy:23.0 builds but ignores it" in dropped.message


def test_targets_each_get_their_findings():
    text = (FIXTURES / "copy-link.Dockerfile").read_text()
    findings = _lint(text, "legacy:20.10", "legacy:23.0", "docker:23.0", select={"DF201"})
    assert [(f.data["target"], f.severity) for f in findings] == [("legacy:20.10", "error"), ("legacy:23.0", "warning")]


def test_syntax_line_does_not_help_builders_that_ignore_it():
    text = (FIXTURES / "syntax-pin-new.Dockerfile").read_text()
    messages = [f.message for f in _lint(text, "buildah:1.28", select={"DF201"})]
    assert messages and all("buildah:1.28 ignores it" in m for m in messages)


def test_requirements_without_target():
    findings = _lint((FIXTURES / "heredoc-and-link.Dockerfile").read_text(), select={"DF202"})
    (needs,) = findings
    assert needs.severity == "info"
    assert needs.message.startswith("This Dockerfile needs BuildKit with frontend ≥ 1.4: ")
    assert "(Docker Engine ≥ 23.0)" in needs.message and "docker/dockerfile:1.4" in needs.message
    assert needs.data["requires"] == {"frontend": "1.4", "labs": False, "buildkit": True}


def test_requirements_name_labs_channel_and_entitlements():
    (needs,) = _lint("FROM alpine\nRUN --network=host --device=gpu true\n", select={"DF202"})
    assert "frontend 1.14-labs" in needs.message
    assert "`--allow network.host`" in needs.message and "`--allow device`" in needs.message


def test_no_requirements_for_a_plain_file_or_a_pinned_one():
    assert _lint((FIXTURES / "plain.Dockerfile").read_text(), select={"DF202"}) == []
    assert _lint((FIXTURES / "syntax-pin-new.Dockerfile").read_text(), select={"DF202"}) == []


def test_old_pin_quotes_buildkit_and_names_the_pin():
    (old,) = _lint((FIXTURES / "syntax-pin-old.Dockerfile").read_text(), select={"DF203"})
    assert old.severity == "error"
    assert "`# syntax=docker/dockerfile:1.2` is older than" in old.message
    assert "unknown instruction: ECHO" in old.message and "pin `docker/dockerfile:1.4`" in old.message


def test_labs_only_feature_on_a_stable_pin():
    text = "# syntax=docker/dockerfile:1.20\nFROM alpine\nRUN --device=gpu true\n"
    (labs,) = _lint(text, select={"DF203"})
    assert "is the stable channel" in labs.message and "docker/dockerfile:1.14-labs" in labs.message
    assert _lint(text.replace("1.20", "1.20-labs"), select={"DF203"}) == []


def test_unknown_and_malformed_syntax_values():
    (malformed,) = _lint((FIXTURES / "syntax-malformed.Dockerfile").read_text(), select={"DF204"})
    assert malformed.severity == "error" and "1.4-lab" in malformed.message
    (foreign,) = _lint("# syntax=example.com/frontend:1\nFROM alpine\n", select={"DF204"})
    assert foreign.severity == "info"
    assert _lint("# syntax=docker/dockerfile:1\nFROM alpine\n", select={"DF204"}) == []
    assert _lint((FIXTURES / "syntax-malformed.Dockerfile").read_text(), "legacy:20.10", select={"DF204"}) == []


def test_missing_pin_fix_inserts_the_pin_first():
    text = (FIXTURES / "heredoc-and-link.Dockerfile").read_text()
    (missing,) = _lint(text, "docker:20.10", "buildah:1.28", select={"DF205"})
    assert missing.data["target"] == "docker:20.10" and missing.data["pin"] == "1.4"
    assert missing.severity == "error"
    (edit,) = missing.fix.edits
    assert missing.fix.safety == "safe"
    assert (edit.span.line, edit.span.column, edit.span.end_line, edit.span.end_column) == (1, 1, 1, 1)
    assert edit.text == "# syntax=docker/dockerfile:1.4\n"
    assert _lint(edit.text + text, "docker:20.10", select={"DF205"}) == []


def test_missing_pin_is_silent_when_the_builtin_frontend_suffices():
    assert _lint((FIXTURES / "heredoc-and-link.Dockerfile").read_text(), "docker:23.0", select={"DF205"}) == []


def test_named_context_and_placeholder():
    (ctx,) = _lint((FIXTURES / "named-context.Dockerfile").read_text(), select={"DF206"})
    assert "--build-context docs=" in ctx.message and "FROM scratch AS docs" in ctx.message
    assert _lint((FIXTURES / "named-context-placeholder.Dockerfile").read_text(), select={"DF206"}) == []


def test_stage_name_typo_suggests_the_stage():
    (typo,) = _lint((FIXTURES / "named-context-typo.Dockerfile").read_text(), select={"DF206", "DF207"})
    assert typo.rule == "DF207" and "did you mean `builder`" in typo.message
    (edit,) = typo.fix.edits
    assert (edit.span.line, edit.span.column, edit.span.end_column, edit.text) == (4, 13, 19, "builder")


def test_optional_secret_and_required_secret():
    (optional,) = _lint((FIXTURES / "run-mount-secret.Dockerfile").read_text(), select={"DF208"})
    assert "--secret id=token" in optional.message and "required=true" in optional.message
    assert _lint("FROM alpine\nRUN --mount=type=secret,id=t,required=true true\n", select={"DF208"}) == []


def test_credentials_in_urls():
    text = (
        "FROM alpine\n"
        "ADD https://bob:hunter2@example.com/a.tgz /a\n"
        "RUN git clone https://ci:$TOKEN@example.com/r.git\n"
        "RUN <<EOF\ncurl -u x https://ann:pw@example.com/\nEOF\n"
    )
    found = _lint(text, select={"DF209"})
    assert [f.line for f in found] == [2, 5]
    assert all("***" in f.message and "hunter2" not in f.message for f in found)


def test_secret_used_without_its_mount():
    text = (
        "FROM alpine\n"
        "ARG NPM_TOKEN\n"
        "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n"
        "RUN npm publish --token $NPM_TOKEN\n"
        "RUN --mount=type=secret,id=npm_token cat /run/secrets/npm_token\n"
        "RUN cat /run/secrets/npm_token\n"
    )
    found = _lint(text, select={"DF210"})
    assert [f.line for f in found] == [4, 6]
    assert "`ARG NPM_TOKEN` (line 2)" in found[0].message
