"""The builder/feature knowledge base: data integrity, known answers from the docs, targets, syntax pins."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dflint.knowledge import (
    Feature,
    FrontendVersion,
    KnowledgeDataError,
    Outcome,
    TargetError,
    UnknownFeatureError,
    Version,
    builders_matrix,
    default_matrix_targets,
    effective_frontend,
    feature,
    features,
    outcome,
    parse_syntax_directive,
    parse_target,
)
from dflint.knowledge.data import COMPILED_NAME, compile_snapshot, data_dir, load_raw, parse_sources, source_files
from dflint.knowledge.features import CONFIDENCES, OUTCOMES, Fact, build_fact, build_feature

REPO = Path(__file__).resolve().parent.parent

# The feature ids the compatibility checks and `dflint features` rely on.
REQUIRED_FEATURES = (
    "syntax-directive", "check-directive", "check-directive.experimental", "check-comment", "run.mount",
    "run.mount.bind", "run.mount.bind.from", "run.mount.cache", "run.mount.tmpfs", "run.mount.tmpfs.size",
    "run.mount.secret", "run.mount.secret.env", "run.mount.ssh", "run.mount.uid-gid-mode", "run.network",
    "run.network.host", "run.security", "run.security.insecure", "run.device", "heredoc", "heredoc.copy",
    "heredoc.whitespace", "heredoc.onbuild", "copy.chmod", "copy.chmod.variable", "copy.chmod.symbolic",
    "copy.chown", "copy.link", "copy.parents", "copy.exclude", "copy.from", "add.chmod", "add.link",
    "add.exclude", "add.checksum", "add.checksum.git", "add.git", "add.keep-git-dir", "add.unpack",
    "named-context", "onbuild.from", "platform-args", "platform-args.extra", "from.platform",
    "from.platform.variable", "expansion.required", "expansion.no-colon", "expansion.pattern",
    "build-secrets-flag", "build-ssh-flag",
)

REQUIRES_BUILDKIT = "the --{} option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/"


def all_facts(subject: Feature) -> list[tuple[str, Fact]]:
    facts = [(key, fact) for key, items in subject.facts.items() for fact in items]
    return facts + ([("missing", subject.missing)] if subject.missing else [])


def sweep_targets() -> list[str]:
    """Targets covering every engine row, BuildKit release, frontend channel and builder line."""
    engines = [row["version"] for row in load_raw()["engines"]["engine"]] + ["20.10.3", "20.10.6"]
    frontends = [f"1.{minor}" for minor in range(27)]
    return (
        [f"legacy:{version}" for version in engines]
        + [f"docker:{version}" for version in engines]
        + [f"buildkit:0.{minor}" for minor in (3, 5, 8, *range(9, 33))]
        + [f"dockerfile:{version}" for version in frontends]
        + [f"dockerfile:{version}-labs" for version in frontends[2:]]
        + ["dockerfile:1.0-experimental", "dockerfile:1.1-experimental", "dockerfile:1.1.6-experimental"]
        + [f"buildah:1.{minor}" for minor in range(15, 45)]
        + [f"kaniko:1.{minor}" for minor in range(26)]
        + [f"kaniko-oss:{version}" for version in ("1.25.0", "1.25.4", "1.25.6", "1.26.3", "1.27.3", "1.28")]
        + ["caprover:1.14", "caprover:1.15", "cloudbuild", "cloudbuild-buildkit", "gitlab-kaniko", "depot"]
    )


# --- data integrity -------------------------------------------------------


def test_required_features_exist() -> None:
    known = {subject.id for subject in features()}
    assert set(REQUIRED_FEATURES) <= known, set(REQUIRED_FEATURES) - known


def test_every_fact_has_a_source_and_a_known_confidence() -> None:
    for subject in features():
        assert subject.source, subject.id
        for key, fact in all_facts(subject):
            assert fact.source.strip(), (subject.id, key, fact)
            assert fact.confidence in CONFIDENCES, (subject.id, key)
            assert fact.outcome in OUTCOMES, (subject.id, key)
            if fact.outcome == "ignored":
                assert fact.note, (subject.id, key, "an ignored outcome must say what silently happens")


def test_buildkit_features_name_a_frontend_version() -> None:
    for subject in features():
        if subject.buildkit:
            assert subject.stable or subject.labs, subject.id


def test_parser_message_templates_have_a_flag_to_fill() -> None:
    for subject in features():
        for key, fact in all_facts(subject):
            if fact.message in ("@unknown-flag", "@requires-buildkit"):
                assert fact.flag or subject.flag, (subject.id, key)


def test_no_fact_is_shadowed_by_an_earlier_one() -> None:
    """Within a list the first matching fact wins, so each fact must be the first match somewhere."""
    for subject in features():
        for key, items in subject.facts.items():
            for index, fact in enumerate(items):
                probe = fact.since or Version((0,))
                first = next(
                    item for item in items if item.applies(probe, channel=fact.channel or "stable", pinned=fact.pinned)
                )
                assert first is fact, (subject.id, key, index)


def test_compiled_snapshot_matches_the_toml_files() -> None:
    directory = data_dir()
    current = (directory / COMPILED_NAME).read_text(encoding="utf-8")
    assert current == compile_snapshot(directory), "run: python -m dflint.knowledge.compile"


def test_snapshot_and_toml_give_the_same_data() -> None:
    directory = data_dir()
    snapshot = json.loads((directory / COMPILED_NAME).read_text(encoding="utf-8"))
    assert snapshot["data"] == parse_sources(source_files(directory), directory)
    assert load_raw() == snapshot["data"]


def test_loading_uses_the_snapshot_not_tomllib() -> None:
    """The fast path: a current snapshot means tomllib is never imported."""
    code = (
        "import sys, dflint.knowledge as k; k.features(); k.builders_matrix();"
        "print('tomllib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == "False"


def test_validation_rejects_a_fact_without_source() -> None:
    with pytest.raises(KnowledgeDataError, match="source"):
        build_fact({"outcome": "ok"}, "test", version_kind="legacy")


def test_validation_rejects_ignored_without_note_and_error_without_message() -> None:
    with pytest.raises(KnowledgeDataError, match="note"):
        build_fact({"outcome": "ignored", "source": "s"}, "test", version_kind="legacy")
    with pytest.raises(KnowledgeDataError, match="message"):
        build_fact({"outcome": "error", "source": "s"}, "test", version_kind="legacy")


def test_validation_rejects_unknown_keys_and_bad_values() -> None:
    raw = {"x": {"title": "t", "source": "s", "buildkit": True, "kaniko_oss": []}}
    with pytest.raises(KnowledgeDataError, match="kaniko_oss"):
        build_feature("x", raw)
    with pytest.raises(KnowledgeDataError, match="outcome"):
        build_fact({"outcome": "fine", "source": "s"}, "test", version_kind="legacy")
    with pytest.raises(KnowledgeDataError, match="confidence"):
        build_fact({"outcome": "ok", "source": "s", "confidence": "sure"}, "test", version_kind="legacy")
    with pytest.raises(KnowledgeDataError, match="channel"):
        build_fact({"outcome": "ok", "source": "s", "channel": "labs"}, "test", version_kind="legacy")
    with pytest.raises(KnowledgeDataError, match="not a version"):
        build_fact({"outcome": "ok", "source": "s", "since": "twenty"}, "test", version_kind="legacy")


def test_validation_rejects_reference_loops_and_dangling_references() -> None:
    loop = {
        "a": {"title": "a", "source": "s", "buildkit": True, "legacy": "@b"},
        "b": {"title": "b", "source": "s", "buildkit": True, "legacy": "@a"},
    }
    with pytest.raises(KnowledgeDataError, match="loop"):
        build_feature("a", loop)
    dangling = {"a": {"title": "a", "source": "s", "buildkit": True, "legacy": "@nope"}}
    with pytest.raises(KnowledgeDataError, match="unknown feature"):
        build_feature("a", dangling)


def test_every_outcome_resolves_on_every_target() -> None:
    """Every message template and reference resolves: no KnowledgeDataError anywhere in the sweep."""
    targets = [parse_target(text) for text in sweep_targets()]
    for subject in features():
        for target in targets:
            result = outcome(subject.id, target)
            assert result.kind in OUTCOMES
            if result.kind in ("ignored", "error"):
                assert result.message, (subject.id, str(target))
            if result.kind != "unknown":
                assert result.source, (subject.id, str(target))


def test_unknown_feature_lists_the_known_ones() -> None:
    with pytest.raises(UnknownFeatureError, match="run.mount"):
        feature("run.mounts")
    assert issubclass(UnknownFeatureError, ValueError)


# --- the classic builder boundaries in engines.toml agree with the features -


def previous_engine(version: str) -> str:
    rows = [row["version"] for row in load_raw()["engines"]["engine"]]
    since = Version.parse(version, floating=False)
    return str(max(Version.parse(row, floating=False) for row in rows if Version.parse(row, floating=False) < since))


def base_feature_for(flag_spec: str) -> str:
    instruction, flag = flag_spec.split(" --")
    (match,) = [
        subject.id
        for subject in features()
        if instruction in subject.instructions and subject.flag == flag and subject.parent is None
    ]
    return match


def test_parsed_and_ignored_boundaries_match_the_legacy_facts() -> None:
    for boundary in load_raw()["engines"]["classic"]["parsed_and_ignored"]:
        for flag_spec in boundary["flags"]:
            feature_id = base_feature_for(flag_spec)
            before = outcome(feature_id, f"legacy:{previous_engine(boundary['since'])}")
            after = outcome(feature_id, f"legacy:{boundary['since']}")
            assert before.kind == "error" and "nknown flag" in before.message, (flag_spec, before)
            assert after.kind == "ignored", (flag_spec, after)


def test_requires_buildkit_backport_boundary() -> None:
    classic = load_raw()["engines"]["classic"]
    assert classic["requires_buildkit_since"] == "20.10.6"
    for feature_id, flag in (("run.mount", "mount"), ("copy.chmod", "chmod"), ("add.chmod", "chmod")):
        assert outcome(feature_id, "legacy:20.10.5").kind == "ignored"
        after = outcome(feature_id, "legacy:20.10.6")
        assert after.kind == "error" and after.exact
        assert after.message.startswith(REQUIRES_BUILDKIT.format(flag))


def test_heredoc_boundary_of_the_classic_builder() -> None:
    heredoc = load_raw()["engines"]["classic"]["heredoc"]
    assert outcome("heredoc", f"legacy:{previous_engine(heredoc['unknown_instruction_until'])}").kind == "error"
    assert outcome("heredoc", f"legacy:{heredoc['body_dropped_since']}").kind == "ignored"


# --- known answers from the docs ------------------------------------------


def test_run_mount_on_the_classic_builder() -> None:
    error = outcome("run.mount.cache", parse_target("legacy:20.10"))
    assert error.kind == "error"
    assert error.message.startswith(REQUIRES_BUILDKIT.format("mount"))
    assert error.confidence == "observed"
    assert outcome("run.mount.cache", "legacy:20.10.3").kind == "ignored"
    old = outcome("run.mount.cache", "legacy:19.03")
    assert old.kind == "error" and old.render(line=4) == "dockerfile parse error line 4: Unknown flag: mount"


def test_heredoc_on_the_classic_builder() -> None:
    old = outcome("heredoc", "legacy:20.10")
    assert old.kind == "error"
    assert old.render(line=3, word="ECHO") == "dockerfile parse error line 3: unknown instruction: ECHO"
    new = outcome("heredoc", "legacy:24.0")
    assert new.kind == "ignored" and "body" in new.message


def test_heredoc_on_docker_20_10_depends_on_the_pin() -> None:
    builtin = outcome("heredoc", "docker:20.10")
    assert builtin.kind == "error"
    assert builtin.render(line=3, word="ECHO") == (
        "failed to create LLB definition: dockerfile parse error line 3: unknown instruction: ECHO"
    )
    pinned = outcome("heredoc", "docker:20.10", "docker/dockerfile:1.4")
    assert pinned.kind == "ok"
    assert pinned.confidence == "unconfirmed"  # a new frontend on a 20.10 daemon was never run
    assert outcome("heredoc", "docker:23.0").kind == "ok"


def test_copy_parents_by_frontend() -> None:
    stable = outcome("copy.parents", "dockerfile:1.19")
    assert stable.kind == "error"
    assert stable.render(line=7) == "dockerfile parse error on line 7: unknown flag: --parents"
    assert outcome("copy.parents", "dockerfile:1.7-labs").kind == "ok"
    assert outcome("copy.parents", "dockerfile:1.6-labs").kind == "error"
    assert outcome("copy.parents", "dockerfile:1.20").kind == "ok"
    assert outcome("copy.parents", "docker:29.0").kind == "error"
    assert outcome("copy.parents", "docker:29.1").kind == "ok"


def test_unknown_flag_wording_follows_the_frontend_version() -> None:
    assert outcome("copy.parents", "dockerfile:1.2").render(line=1) == (
        "dockerfile parse error line 1: Unknown flag: parents"
    )
    assert outcome("copy.parents", "dockerfile:1.5").render(line=1) == (
        "dockerfile parse error on line 1: unknown flag: parents"
    )
    assert outcome("copy.parents", "dockerfile:1.11").render(line=1) == (
        "dockerfile parse error on line 1: unknown flag: --parents"
    )
    # the classic builder words it like the parser its Engine vendors
    assert "line 15: Unknown flag: parents" in outcome("copy.parents", "legacy:20.10").render(line=15)


def test_buildah_and_podman_heredocs() -> None:
    error = outcome("heredoc", "buildah:1.28")
    assert error.kind == "error" and error.confidence == "observed"
    assert error.render(word="ECHO") == 'Unknown instruction: "ECHO"'
    assert outcome("heredoc", "buildah:1.33").kind == "ok"
    assert outcome("heredoc", "podman:4.3").kind == "error"  # Buildah 1.28
    assert outcome("heredoc", "podman:4.8").kind == "ok"  # Buildah 1.33.2
    assert outcome("run.mount.cache", "buildah:1.28").confidence == "observed"


def test_observed_facts_name_the_real_build() -> None:
    for subject in features():
        for key, fact in all_facts(subject):
            if fact.confidence == "observed":
                assert "real build" in fact.source, (subject.id, key)


def test_chmod_the_old_frontend_cannot_parse_is_dropped() -> None:
    """Engine 20.10.24's BuildKit (frontend 1.2) builds these and leaves the file -rw-r--r--."""
    for feature_id in ("copy.chmod.symbolic", "copy.chmod.variable"):
        seen = outcome(feature_id, "docker:20.10")
        assert (seen.kind, seen.confidence) == ("ignored", "observed"), feature_id
        assert seen.source.startswith("real build here: Docker Engine 20.10.24")
        assert outcome(feature_id, "dockerfile:1.5").kind == "ignored"
        assert outcome(feature_id, "dockerfile:1.5").confidence == "inferred"
        assert outcome(feature_id, "dockerfile:1.1").kind == "error"  # no --chmod at all yet
    assert outcome("copy.chmod.symbolic", "dockerfile:1.14").kind == "ok"
    assert outcome("copy.chmod.symbolic", "dockerfile:1.11-labs").kind == "ok"
    assert outcome("copy.chmod.variable", "dockerfile:1.10").kind == "ok"


def test_buildah_1_28_real_builds() -> None:
    def seen(feature_id: str) -> Outcome:
        result = outcome(feature_id, "buildah:1.28")
        assert result.confidence == "observed", feature_id
        assert result.source.startswith("real build here: Buildah 1.28.2"), feature_id
        return result

    assert seen("run.mount.bind.from").kind == "ok"
    assert outcome("run.mount.bind.from", "buildah:1.27").kind == "error"  # the doc's claim, unconfirmed
    assert outcome("run.mount.bind.from", "buildah:1.29").kind == "ok"
    assert seen("copy.chmod.variable").kind == "ok"
    assert seen("copy.chown.variable").kind == "ok"
    assert seen("copy.chmod.symbolic").render(value="u+x") == "Error parsing chmod u+x"
    assert seen("expansion.pattern").render(value="${FILE%.txt}") == "Missing ':' in substitution: ${FILE%.txt}"
    required = seen("expansion.required").render(value="files/${FILE:?missing}")
    assert required == "Unsupported modifier (?) in substitution: files/${FILE:?missing}"
    assert seen("heredoc.onbuild").render(word="ECHO") == 'Unknown instruction: "ECHO"'
    assert seen("run.mount.secret.env").message == (
        "secret should have syntax id=id[,target=path,required=bool,mode=uint,uid=uint,gid=uint"
    )
    assert outcome("run.mount.secret.env", "buildah:1.44").kind == "ok"
    assert seen("run.mount.tmpfs.size").message == "size: invalid mount option"
    dropped = seen("run.mount.uid-gid-mode")
    assert dropped.kind == "ignored" and "0755" in dropped.note
    assert outcome("run.mount.uid-gid-mode", "docker:20.10").confidence == "observed"  # 1000:1000 0750 applied


def test_onbuild_from_in_child_builds() -> None:
    assert outcome("onbuild.from", "legacy:20.10").kind == "ok"
    old = outcome("onbuild.from", "docker:20.10")
    assert (old.kind, old.confidence) == ("ignored", "observed") and "not found" in old.note
    assert outcome("onbuild.from", "docker:20.10", "docker/dockerfile:1.10").confidence == "inferred"
    assert outcome("onbuild.from", "docker:20.10", "docker/dockerfile:1.11").kind == "ok"
    assert "OCI" in outcome("onbuild.from", "buildah:1.28").note


def test_kaniko_lines() -> None:
    assert outcome("run.mount", "kaniko").kind == "ignored"
    assert outcome("run.mount", "kaniko:1.7").kind == "error"
    assert outcome("heredoc", "kaniko:1.9").kind == "error"
    assert outcome("heredoc", "kaniko:1.10").kind == "ignored"
    assert outcome("heredoc", "kaniko-oss:1.25.4").kind == "ok"
    assert outcome("heredoc.quoted", "kaniko-oss").kind == "ignored"
    assert outcome("run.mount.cache", "kaniko-oss:1.25.6").kind == "ignored"  # opt-in only
    assert outcome("run.mount.cache", "kaniko-oss:1.26").kind == "ok"
    assert outcome("copy.parents", "kaniko").kind == "error"
    assert outcome("copy.exclude", "kaniko-oss").kind == "ignored"


def test_syntax_pin_does_nothing_outside_buildkit() -> None:
    for target in ("legacy:20.10", "buildah:1.28", "kaniko:1.9"):
        assert outcome("heredoc", target, "docker/dockerfile:1.4").kind == "error", target
        assert effective_frontend(target, "docker/dockerfile:1.4") is None
    assert outcome("syntax-directive", "legacy").kind == "ignored"
    assert outcome("syntax-directive", "docker:20.10").kind == "ok"


def test_labs_gates_and_daemon_limits() -> None:
    assert outcome("add.checksum", "docker:23.0").kind == "error"
    gated = outcome("add.checksum", "docker:24.0")
    assert gated.message == "instruction 'ADD --checksum=<CHECKSUM>' requires the labs channel"
    assert outcome("add.checksum", "docker:25.0").kind == "ok"
    assert outcome("add.git", "dockerfile:1.5").message == "instruction ADD <git ref> requires the labs channel"
    assert outcome("add.git", "dockerfile:1.5-labs").kind == "ok"
    assert outcome("add.git", "dockerfile:1.4").kind == "ignored"  # downloaded as a plain file
    device = outcome("run.device", "buildkit")
    assert device.message == "device feature is only supported in Dockerfile frontend 1.14.0-labs or later"
    assert outcome("run.device", "dockerfile:1-labs").kind == "ok"
    assert outcome("run.device", "docker:27.0", "docker/dockerfile:1.14-labs").kind == "error"  # BuildKit < 0.20
    assert outcome("copy.link", "docker:20.10", "docker/dockerfile:1.4").kind == "ignored"  # no MergeOp


def test_run_flags_on_the_classic_builder_depend_on_the_vendored_parser() -> None:
    assert "Unknown flag: network" in outcome("run.network", "legacy:20.10").message
    assert outcome("run.network", "legacy:23.0").message.startswith(REQUIRES_BUILDKIT.format("network"))
    assert "unknown flag: --security" in outcome("run.security", "legacy:29.0").message
    assert outcome("run.security", "legacy:29.1").message.startswith(REQUIRES_BUILDKIT.format("security"))


def test_expansion_follows_the_vendored_lexer() -> None:
    assert outcome("expansion.pattern", "legacy:25.0").kind == "error"
    assert outcome("expansion.pattern", "legacy:26.0").kind == "ok"
    assert outcome("expansion.pattern", "kaniko:1.21").kind == "error"
    assert outcome("expansion.pattern", "kaniko:1.22").kind == "ok"
    assert outcome("expansion.no-colon", "docker:24.0").kind == "error"
    assert outcome("expansion.required", "docker:20.10").kind == "ok"


def test_platforms() -> None:
    assert outcome("platform-args", "legacy").kind == "ignored"
    assert outcome("platform-args", "kaniko").kind == "ignored"
    assert outcome("platform-args", "kaniko-oss:1.25.3").kind == "ok"
    assert outcome("from.platform", "legacy").kind == "ok"
    assert outcome("from.platform", "kaniko").kind == "ignored"
    broken = outcome("from.platform.variable", "legacy:24.0")
    assert broken.kind == "error" and broken.message.startswith('failed to parse platform : "" is an invalid component')


def test_check_directive_and_checksum_dispute() -> None:
    assert outcome("check-directive", "docker:24.0").kind == "ignored"
    assert outcome("check-directive", "docker:27.0.1").kind == "ok"
    assert outcome("check-comment", "dockerfile:1.20").kind == "ignored"
    assert outcome("check-comment", "dockerfile:1.21").kind == "ok"
    assert outcome("add.checksum.git", "dockerfile:1.16").confidence == "disputed"
    assert outcome("add.checksum.git", "dockerfile:1.12").kind == "error"


def test_aliases() -> None:
    assert outcome("run.mount", "caprover:1.14").message.startswith(REQUIRES_BUILDKIT.format("mount"))
    assert outcome("run.mount", "caprover:1.15").kind == "ok"
    assert outcome("named-context", "caprover:1.15").kind == "ignored"
    assert outcome("build-secrets-flag", "caprover:1.15").kind == "error"
    assert outcome("run.mount", "cloudbuild").kind == "error"
    assert parse_target("cloudbuild").confidence == "unconfirmed"
    assert parse_target("gitlab-kaniko").kind == "kaniko"
    assert parse_target("depot").honours_syntax_directive


def test_outcomes_for_foreign_and_digest_pins_are_unknown() -> None:
    foreign = outcome("heredoc", "docker", "tonistiigi/dockerfile:custom")
    assert foreign.kind == "unknown" and "tonistiigi/dockerfile:custom" in foreign.message
    digest = outcome("heredoc", "docker", "docker/dockerfile@sha256:" + "a" * 64)
    assert digest.kind == "unknown" and "digest" in digest.message


def test_requirements() -> None:
    parents = outcome("copy.parents", "legacy").requires
    assert (parents.frontend, parents.labs, parents.labs_frontend) == ("1.20", False, "1.7-labs")
    assert parents.buildkit
    device = outcome("run.device", "docker").requires
    assert device.frontend is None and device.labs and device.labs_frontend == "1.14-labs"
    assert device.entitlements == ("device",)
    assert outcome("run.mount", "docker").requires.labs_frontend == "1.0-experimental"
    assert outcome("run.network.host", "docker").requires.entitlements == ("network.host",)
    assert outcome("expansion.required", "docker").requires.buildkit is False


def test_builders_matrix() -> None:
    matrix = builders_matrix()
    assert list(matrix) == [subject.id for subject in features()]
    names = [str(target) for target in default_matrix_targets()]
    assert names == [
        "legacy:20.10", "legacy:23.0", "legacy", "docker:20.10", "docker:23.0", "docker",
        "buildkit", "buildah:1.28", "buildah", "kaniko", "kaniko-oss",
    ]  # fmt: skip
    assert all(list(row) == names for row in matrix.values())
    assert matrix["heredoc"]["legacy:20.10"].kind == "error"
    assert matrix["heredoc"]["legacy:23.0"].kind == "ignored"
    assert matrix["heredoc"]["docker"].kind == "ok"
    small = builders_matrix(["legacy", parse_target("buildkit")])
    assert list(small["run.mount"]) == ["legacy", "buildkit"]


# --- targets ----------------------------------------------------------------

ROUND_TRIPS = [
    "legacy", "legacy:20.10", "legacy:24.0.7", "legacy:18.09", "docker", "docker:20.10", "docker:29.7.2",
    "buildkit", "buildkit:0.20", "dockerfile:1.4", "dockerfile:1.4.3", "dockerfile:1.7-labs",
    "dockerfile:1", "dockerfile:1-labs", "dockerfile:1.0-experimental", "buildah", "buildah:1.28",
    "podman:4.3", "podman", "kaniko", "kaniko:1.9.2", "kaniko-oss", "kaniko-oss:1.26.3",
    "caprover", "caprover:1.14", "caprover:1.15.3", "cloudbuild", "cloudbuild-buildkit", "gitlab-kaniko", "depot",
]  # fmt: skip


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_target_round_trips(text: str) -> None:
    target = parse_target(text)
    assert str(target) == text
    assert parse_target(str(target)) == target


@given(
    st.sampled_from(["legacy", "docker"]),
    st.integers(18, 40),
    st.integers(0, 12),
    st.none() | st.integers(0, 30),
)
def test_engine_targets_round_trip(kind: str, major: int, minor: int, patch: int | None) -> None:
    text = f"{kind}:{major}.{minor}" + ("" if patch is None else f".{patch}")
    if (major, minor) < (18, 9):
        with pytest.raises(TargetError):
            parse_target(text)
        return
    target = parse_target(text)
    assert str(target) == text and parse_target(str(target)) == target
    assert target.parser_frontend is not None


def test_target_attributes() -> None:
    legacy = parse_target("legacy:20.10")
    assert (legacy.kind, str(legacy.version), legacy.uses_buildkit, legacy.honours_syntax_directive) == (
        "legacy", "20.10", False, False,
    )  # fmt: skip
    assert legacy.builtin_frontend is None and str(legacy.parser_frontend) == "1.2"
    assert not legacy.supports_named_contexts and not legacy.sets_platform_args
    docker = parse_target("docker:20.10")
    assert docker.uses_buildkit and docker.honours_syntax_directive
    assert str(docker.builtin_frontend) == "1.2" and str(docker.buildkit_version) == "0.8"
    assert not docker.supports_named_contexts and docker.sets_platform_args
    assert str(parse_target("docker:23.0").builtin_frontend) == "1.4"
    assert parse_target("docker:23.0").supports_named_contexts
    assert str(parse_target("docker").builtin_frontend) == "1.26"
    assert str(parse_target("legacy").version) == "29.7"
    assert str(parse_target("buildkit").builtin_frontend) == "1.26"
    assert str(parse_target("buildkit:0.20").builtin_frontend) == "1.14"
    assert str(parse_target("buildkit:0.8").builtin_frontend) == "1.2"
    pinned = parse_target("dockerfile:1.7-labs")
    assert pinned.kind == "buildkit" and not pinned.honours_syntax_directive
    assert str(effective_frontend(pinned, "docker/dockerfile:1.20")) == "1.7-labs"
    podman = parse_target("podman:4.3")
    assert (podman.kind, str(podman.version)) == ("buildah", "1.28")
    assert parse_target("buildah:1.27").supports_named_contexts
    assert not parse_target("kaniko").sets_platform_args and parse_target("kaniko-oss").sets_platform_args


def test_display_names() -> None:
    assert parse_target("legacy:20.10").display_name == "Docker Engine 20.10 classic builder"
    assert parse_target("docker:23.0").display_name == "Docker Engine 23.0 BuildKit (built-in frontend 1.4)"
    assert parse_target("dockerfile:1.7-labs").display_name == "BuildKit with docker/dockerfile:1.7-labs"
    assert parse_target("podman:4.3").display_name == "Podman 4.3: Buildah 1.28"
    assert parse_target("caprover:1.14").display_name == "CapRover 1.14: Docker Engine 25.0 classic builder"


@pytest.mark.parametrize(
    "text",
    [
        "foo", "legacy:abc", "legacy:17.06", "legacy:", "docker:20.x", "dockerfile", "dockerfile:2.0",
        "dockerfile:1.1-labs", "dockerfile:1.4-experimental", "dockerfile:banana", "buildkit:1.0", "buildkit:0.2",
        "kaniko:1.26", "kaniko-oss:1.10", "podman:9.9", "podman:4", "cloudbuild:1.0", "buildah:2.0",
    ],
)  # fmt: skip
def test_bad_targets_raise_a_clear_value_error(text: str) -> None:
    with pytest.raises(TargetError) as raised:
        parse_target(text)
    assert isinstance(raised.value, ValueError)
    assert str(raised.value)


def test_unknown_target_lists_accepted_forms() -> None:
    with pytest.raises(TargetError, match=r"legacy\[:ENGINE\].*caprover\[:VERSION\].*cloudbuild"):
        parse_target("jenkins")


# --- frontend versions and syntax pins ------------------------------------


def test_frontend_version_tags() -> None:
    newest = FrontendVersion.parse("1")
    assert str(newest.version) == "1.26" and newest.channel == "stable" and str(newest) == "1"
    assert FrontendVersion.parse("1-labs").channel == "labs"
    assert FrontendVersion.parse("1.0-experimental").is_preview
    assert FrontendVersion.parse("latest").version == newest.version
    # a floating 1.4 is the newest 1.4.x, so it is past 1.4.3 and short of 1.5
    assert FrontendVersion.bound("1.4.3").version <= FrontendVersion.parse("1.4").version
    assert FrontendVersion.parse("1.4").version < FrontendVersion.bound("1.5").version
    assert FrontendVersion.parse("1.4.3") == FrontendVersion.parse("1.4.3")
    assert FrontendVersion.parse("1.4") != FrontendVersion.parse("1.4-labs")
    assert FrontendVersion.parse("1.3-labs") < FrontendVersion.parse("1.4") < FrontendVersion.bound("1.10")
    experimental = FrontendVersion.parse("experimental")
    assert experimental.channel == "experimental" and str(experimental.version) == "1.1"


@pytest.mark.parametrize(
    ("value", "kind", "frontend", "channel"),
    [
        ("docker/dockerfile:1", "dockerfile", "1.26", "stable"),
        ("docker/dockerfile:1.4", "dockerfile", "1.4", "stable"),
        ("docker/dockerfile:1.4.3", "dockerfile", "1.4.3", "stable"),
        ("docker/dockerfile:1-labs", "dockerfile", "1.26", "labs"),
        ("docker/dockerfile:1.3-labs", "dockerfile", "1.3", "labs"),
        ("docker/dockerfile:1.0-experimental", "dockerfile", "1.0", "experimental"),
        ("docker/dockerfile", "dockerfile", "1.26", "stable"),
        ("docker/dockerfile-upstream:master", "dockerfile", "1.26", "stable"),
        ("docker/dockerfile-upstream:master-labs", "dockerfile", "1.26", "labs"),
        ("docker.io/docker/dockerfile:1", "dockerfile", "1.26", "stable"),
        ("mirror.gcr.io/docker/dockerfile:1.4", "dockerfile", "1.4", "stable"),
        ("docker/dockerfile:1.4@sha256:" + "0" * 64, "dockerfile", "1.4", "stable"),
        ("docker/dockerfile:1.4 --some-arg", "dockerfile", "1.4", "stable"),
    ],
)
def test_syntax_pins_of_the_dockerfile_frontend(value: str, kind: str, frontend: str, channel: str) -> None:
    pin = parse_syntax_directive(value)
    assert pin.kind == kind and pin.is_dockerfile
    assert str(pin.frontend.version) == frontend and pin.frontend.channel == channel


def test_syntax_pin_details() -> None:
    upstream = parse_syntax_directive("docker/dockerfile-upstream:master")
    assert upstream.frontend.upstream
    mirror = parse_syntax_directive("docker.io/docker/dockerfile:1")
    assert (mirror.registry, mirror.repository, mirror.tag) == ("docker.io", "docker/dockerfile", "1")
    with_args = parse_syntax_directive("docker/dockerfile:1.4 --some-arg")
    assert with_args.image == "docker/dockerfile:1.4" and with_args.arguments == ("--some-arg",)
    digest_only = parse_syntax_directive("docker/dockerfile@sha256:" + "a" * 64)
    assert digest_only.is_dockerfile and digest_only.frontend is None and "digest" in digest_only.reason


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("tonistiigi/dockerfile:foo", "foreign"),
        ("docker.io/someone/docker/dockerfile:1", "foreign"),
        ("example.com/frontends/custom:1", "foreign"),
        ("", "malformed"),
        ("docker/dockerfile:1.x", "malformed"),
        ("docker/dockerfile:2", "malformed"),
        ("docker/dockerfile:1.1-labs", "malformed"),
        ("docker/dockerfile:1.5-experimental", "malformed"),
        ("Docker/Dockerfile:1", "malformed"),
        ("docker/dockerfile@sha256:xyz", "malformed"),
        ("docker/dockerfile:", "malformed"),
    ],
)
def test_foreign_and_malformed_syntax_pins(value: str, kind: str) -> None:
    pin = parse_syntax_directive(value)
    assert pin.kind == kind
    assert (pin.reason is not None) == (kind == "malformed")
    assert pin.frontend is None


def test_effective_frontend() -> None:
    assert str(effective_frontend("docker:20.10")) == "1.2"
    assert str(effective_frontend("docker:20.10", "docker/dockerfile:1.4")) == "1.4"
    assert effective_frontend("docker", "tonistiigi/dockerfile:foo") is None
    assert effective_frontend("legacy") is None
    assert effective_frontend(parse_target("kaniko-oss")) is None


def test_docs_table_is_current() -> None:
    script = REPO / "scripts" / "render_knowledge_table.py"
    command = [sys.executable, str(script), "--check"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr
