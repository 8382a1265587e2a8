"""Practice rules (DF4xx–DF5xx): focused bad/good cases, heredoc and cache-mount variants,
named build contexts, fixes, and the hadolint false positives of peers.md §2 (fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dflint.engine.catalog import catalog
from dflint.engine.context import LintOptions
from dflint.engine.linter import Selection, lint_document
from dflint.syntax import parse

FIXTURES = Path(__file__).parent / "fixtures" / "practice"
PRACTICE = frozenset(m.id for m in catalog() if m.family == "practice")


def lint(text: str, *rules: str):
    """Findings of the practice family (or only `rules`), with every practice rule selected."""
    selection = Selection(select=frozenset(rules) if rules else PRACTICE)
    return lint_document(parse(text), options=LintOptions(), selection=selection)


def ids(text: str, *rules: str) -> list[str]:
    return [f.rule for f in lint(text, *rules)]


def apply_fixes(text: str, findings) -> str:
    """Apply every fix's edits (in reverse position order) to `text`."""
    lines = text.split("\n")
    edits = sorted((e for f in findings if f.fix for e in f.fix.edits), key=lambda e: (e.span.line, e.span.column), reverse=True)
    for edit in edits:
        s = edit.span
        assert s.line == s.end_line, "test helper handles one-line edits only"
        line = lines[s.line - 1]
        lines[s.line - 1] = line[: s.column - 1] + edit.text + line[s.end_column - 1 :]
    return "\n".join(lines)


# --- focused bad/good cases --------------------------------------------------------------------

CASES = [
    # rule, bad, good
    ("DF401", "RUN apt-get install -y -o Dpkg::Options::=--force-confold curl", "RUN apt-get install -y -t bookworm-backports curl=8.1 ./local.deb $PKG"),
    ("DF402", "RUN apk add --virtual .deps gcc", "RUN apk add --virtual .deps gcc=13.2.1-r0 musl-dev~1.2"),
    ("DF403", "RUN python3 -m pip install --no-cache-dir requests", "RUN pip install --no-cache-dir -r requirements.txt -e . 'flask>=3' git+https://x/y.git"),
    ("DF404", "RUN npm i -g @angular/cli", "RUN npm install && npm i -g @angular/cli@18.2.0 ./pkg.tgz"),
    ("DF405", "RUN gem install rails --no-document", "RUN gem install rails -v 7.2.1 && gem install rake:13.2.1"),
    ("DF406", "RUN go install golang.org/x/tools/cmd/goimports@latest", "RUN go install ./cmd/... && go install golang.org/x/tools/cmd/goimports@v0.24.0"),
    ("DF407", "RUN yum install -y httpd && yum clean all", "RUN yum install -y httpd-2.4.6 @development && yum clean all"),
    ("DF408", "RUN microdnf install -y nginx && microdnf clean all", "RUN microdnf install -y nginx-1.24.0 && microdnf clean all"),
    ("DF409", "RUN zypper -n in curl && zypper cc", "RUN zypper -n in curl=8.6 'jq>=1.7' && zypper cc"),
    ("DF410", "RUN apt-get upgrade", "RUN apt-get -qq install x=1 && apt-get install --yes y=2 && apt-get -qy install z=3"),
    ("DF411", "RUN yum groupinstall 'Development Tools'", "RUN yum -y groupinstall 'Development Tools'"),
    ("DF412", "RUN dnf upgrade", "RUN dnf --assumeyes upgrade"),
    ("DF413", "RUN zypper patch", "RUN zypper -n patch"),
    ("DF430", "RUN apt-get install -y x=1", "RUN apt-get install -y -o APT::Install-Recommends=false x=1"),
    ("DF431", "RUN apt upgrade -y", "RUN apt-get upgrade -y && apt --version"),
    ("DF432", "RUN zypper -n dup", "RUN zypper -n up"),
    ("DF440", "RUN cd /src && make", "RUN make -C /src && (cd -)"),
    ("DF441", "RUN echo x && sudo make install", "RUN echo sudo is only a word here"),
    ("DF442", "RUN vim /etc/hosts", "RUN apt-get install -y --no-install-recommends vim=2:9.0"),
    ("DF443", "RUN curl -fsSLO https://x/a && wget -q https://x/b", "RUN curl -fsSLO https://x/a\nFROM alpine:3.20\nRUN wget -q https://x/b"),
    ("DF444", "RUN useradd --uid=1000000 app", "RUN useradd --no-log-init --uid=1000000 app && useradd -u 1000 small"),
    ("DF445", "RUN wget https://x/a", "RUN wget -qO- https://x/a > /a && wget --progress=dot:giga https://x/b"),
    ("DF446", "RUN set -e && ls | wc -l", "RUN set -eu -o pipefail && ls | wc -l"),
    ("DF447", "RUN ln -s /bin/bash /bin/sh", "RUN ln -s /usr/bin/python3 /usr/bin/python"),
]


@pytest.mark.parametrize("rule,bad,good", CASES, ids=[c[0] for c in CASES])
def test_rule_bad_and_good(rule, bad, good):
    assert rule in ids(f"FROM debian:12\n{bad}\n", rule)
    assert rule not in ids(f"FROM debian:12\n{good}\n", rule)


@pytest.mark.parametrize("rule,bad,good", CASES, ids=[c[0] for c in CASES])
def test_rule_finds_the_same_inside_a_heredoc_script(rule, bad, good):
    """The shell rules read heredoc bodies run by a shell, and only those."""
    body = bad.removeprefix("RUN ").replace("\nFROM", "\nEOF\nFROM")
    assert rule in ids(f"FROM debian:12\nRUN <<EOF\n{body}\nEOF\n", rule)
    assert rule in ids(f"FROM debian:12\nRUN bash <<'EOF'\n{body}\nEOF\n", rule)
    assert rule not in ids(f"FROM debian:12\nRUN <<EOF python3\n{body}\nEOF\n", rule)
    assert rule not in ids(f"FROM debian:12\nRUN cat <<EOF > /script.sh\n{body}\nEOF\n", rule)


def test_shell_findings_point_into_heredoc_bodies():
    (finding,) = lint("FROM debian:12\nRUN <<-EOF\n\techo start\n\tsudo make install\n\tEOF\n", "DF441")
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (4, 2, 6)


def test_onbuild_run_is_checked():
    (finding,) = lint("FROM debian:12\nONBUILD RUN sudo make\n", "DF441")
    assert (finding.span.line, finding.span.column) == (2, 13)


# --- caches and cache mounts -------------------------------------------------------------------

CACHE_RULES = [
    ("DF420", "apt-get update && apt-get install -y x=1", "/var/lib/apt/lists"),
    ("DF421", "apk add x=1", "/var/cache/apk"),
    ("DF422", "pip install x==1", "/root/.cache/pip"),
    ("DF423", "yum install -y x-1", "/var/cache/yum"),
    ("DF424", "dnf install -y x-1", "/var/cache/dnf"),
    ("DF425", "zypper -n install x=1", "/var/cache/zypp"),
    ("DF426", "yarn install", "/usr/local/share/.cache/yarn"),
]


@pytest.mark.parametrize("rule,script,cache", CACHE_RULES, ids=[c[0] for c in CACHE_RULES])
def test_cache_rules_respect_cache_and_tmpfs_mounts(rule, script, cache):
    assert rule in ids(f"FROM debian:12\nRUN {script}\n", rule)
    for mount in (f"type=cache,target={cache}", f"type=tmpfs,target={cache}", f"type=cache,target={cache},id=c,sharing=locked"):
        assert rule not in ids(f"FROM debian:12\nRUN --mount={mount} {script}\n", rule)
    # A bind mount keeps nothing out of the layer.
    assert rule in ids(f"FROM debian:12\nRUN --mount=type=bind,target=/src {script}\n", rule)


@pytest.mark.parametrize("rule,script,cache", CACHE_RULES, ids=[c[0] for c in CACHE_RULES])
def test_cache_rules_only_judge_stages_of_the_final_image(rule, script, cache):
    text = f"FROM debian:12 AS build\nRUN {script}\nFROM build AS test\nFROM debian:12\nCOPY --from=build /x /x\n"
    assert rule not in ids(text, rule)
    assert rule in ids(f"FROM debian:12 AS base\nRUN {script}\nFROM base\nRUN true\n", rule)


def test_cache_cleanup_in_the_same_run_counts_also_in_a_heredoc():
    assert "DF420" not in ids("FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y x=1\nrm -rf /var/lib/apt/lists/*\nEOF\n", "DF420")
    assert "DF423" not in ids("FROM centos:7\nRUN yum install -y x-1 && rm -rf /var/cache/yum\n", "DF423")
    assert "DF422" not in ids("FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install x==1\n", "DF422")


def test_cache_message_suggests_a_cache_mount_only_for_buildkit_files():
    (plain,) = lint("FROM alpine:3.20\nRUN apk add x=1\n", "DF421")
    (modern,) = lint("# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN apk add x=1\n", "DF421")
    assert "--mount=type=cache" not in plain.message
    assert "--mount=type=cache,target=/var/cache/apk" in modern.message


# --- pipefail ----------------------------------------------------------------------------------


def test_pipefail_advice_depends_on_the_shell():
    (sh,) = lint("FROM debian:12\nRUN ls | wc -l\n", "DF446")
    assert "dash" in sh.message and "SHELL" in sh.message and "set -o pipefail`" not in sh.message
    (bash,) = lint('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN ls | wc -l\n', "DF446")
    assert "set -o pipefail" in bash.message and "dash" not in bash.message
    (heredoc,) = lint("FROM debian:12\nRUN <<EOF bash\nls | wc -l\nEOF\n", "DF446")
    assert heredoc.span.line == 3 and "set -o pipefail" in heredoc.message


def test_pipefail_is_satisfied_by_shell_or_by_the_script_itself():
    assert not ids('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN ls | wc -l\n', "DF446")
    assert not ids('FROM debian:12\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN <<EOF\nls | wc -l\nEOF\n', "DF446")
    assert not ids("FROM debian:12\nRUN <<EOF\n#!/bin/bash\nset -euo pipefail\nls | wc -l\nEOF\n", "DF446")
    assert not ids('FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN Get-Item x | Out-Null\n', "DF446")
    # `set -o pipefail` after the pipe does not help it.
    assert ids("FROM debian:12\nRUN <<EOF bash\nls | wc -l\nset -o pipefail\nEOF\n", "DF446") == ["DF446"]


# --- images, stages and named contexts ----------------------------------------------------------


def test_untagged_and_latest_images():
    text = "FROM ubuntu\nFROM ubuntu:latest AS a\nFROM registry.example.com:5000/team/app\nFROM ghcr.io/x/y@sha256:abc\nFROM a\nFROM scratch\nFROM $BASE\nFROM base-ctx\n"
    found = [(f.rule, f.span.line) for f in lint(text, "DF501", "DF502")]
    assert found == [("DF501", 1), ("DF502", 2), ("DF501", 3)]


def test_named_contexts_and_stage_indexes():
    text = "FROM alpine:3.20 AS a\nCOPY --from=docs /x /x\nCOPY --from=1 /x /y\nCOPY --from=a /x /z\nRUN --mount=from=a,target=/a ls\nCOPY --from=7 /x /w\n"
    found = [(f.rule, f.span.line) for f in lint(text, "DF505", "DF506")]
    assert found == [("DF506", 3), ("DF505", 4), ("DF505", 5), ("DF506", 6)]


def test_copy_rules():
    assert ids("FROM alpine:3.20\nADD <<EOF /x\nhi\nEOF\n", "DF503") == ["DF503"]
    assert ids("FROM alpine:3.20\nADD $URL /x\nADD ./files/ /srv/\n", "DF503") == ["DF503"]
    assert ids("FROM alpine:3.20\nCOPY <<a <<b /dest\nA\na\nB\nb\n", "DF504") == ["DF504"]
    assert not ids("FROM alpine:3.20\nWORKDIR /app\nCOPY a b ./\nCOPY a b .\nCOPY a b $DEST\n", "DF504")
    assert ids("FROM golang:1.23 AS b\nFROM alpine:3.20\nCOPY --from=b /. /\n", "DF514") == ["DF514"]


def test_relative_copy_needs_a_workdir_in_the_stage_chain():
    assert ids("FROM node:20\nCOPY . .\n", "DF513") == ["DF513"]
    assert not ids("FROM node:20 AS base\nWORKDIR /app\nFROM base\nCOPY . .\nCOPY a /abs\n", "DF513")
    assert not ids('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY app.exe .\n', "DF513")


# --- instruction rules -------------------------------------------------------------------------


def test_instruction_rules():
    assert [f.span.column for f in lint("FROM alpine:3.20\nEXPOSE 80 65536 1-70000/tcp $P 8080:80 http\n", "DF507")] == [11, 17, 40]
    assert ids("FROM alpine:3.20 AS b\nUSER root\nFROM alpine:3.20\nUSER app\nUSER 0:0\n", "DF508") == ["DF508"]
    assert not ids("FROM alpine:3.20 AS b\nUSER root\nFROM alpine:3.20\nUSER root\nUSER app\n", "DF508")
    assert not ids("FROM alpine:3.20\nENV A=1\nENV A=2 B=$A\nENV C=x D=${E:-y}\n", "DF510")
    assert ids("ARG V=1\nLABEL x=y\nFROM alpine:${V}\n", "DF511") == ["DF511"]
    assert not ids("# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine:${V}\n", "DF511")


def test_consecutive_runs_with_different_options_are_fine():
    assert ids("FROM alpine:3.20\nRUN a\nRUN b\n", "DF512") == ["DF512"]
    assert not ids("FROM alpine:3.20\nRUN a\nRUN --network=none b\n", "DF512")
    assert not ids("FROM alpine:3.20\nRUN a\nRUN <<EOF\nb\nEOF\n", "DF512")
    assert not ids("FROM alpine:3.20\nRUN a\nFROM alpine:3.20\nRUN b\n", "DF512")
    assert not ids('FROM alpine:3.20\nRUN a\nRUN ["/bin/sh", "-c", "b"]\n', "DF512")  # exec form: no `&&` to join


def test_missing_healthcheck_is_off_by_default():
    text = "FROM alpine:3.20\nCMD [\"true\"]\n"
    assert "DF515" in ids(text, "DF515")
    assert "DF515" not in [f.rule for f in lint_document(parse(text), options=LintOptions(), selection=Selection())]
    assert "DF515" not in ids("FROM alpine:3.20 AS b\nHEALTHCHECK CMD true\nFROM b\n", "DF515")


# --- fixes -------------------------------------------------------------------------------------


def test_fixes_produce_the_intended_text():
    text = "FROM debian:12\nRUN apt-get install x=1 && \\\n    apt install z=2\nADD a.conf /etc/\nCOPY a b /opt\n"
    findings = lint(text, "DF410", "DF430", "DF431", "DF503", "DF504")
    fixed = apply_fixes(text, findings)
    assert fixed == (
        "FROM debian:12\nRUN apt-get install --no-install-recommends -y x=1 && \\\n    apt-get install z=2\n"
        "COPY a.conf /etc/\nCOPY a b /opt/\n"
    )


# --- robustness and the hadolint false positives (peers.md §2) ---------------------------------


def test_one_bad_instruction_does_not_hide_the_rest():
    text = "FROM debian:12\nRUN --mount=type=cahce,target=/x echo 'unterminated\nRUN sudo ls\n"
    assert "DF441" in ids(text)


CLEAN_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.Dockerfile") if p.name != "classic-bad.Dockerfile")


@pytest.mark.parametrize("name", CLEAN_FIXTURES)
def test_no_hadolint_false_positive(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    findings = lint_document(parse(text), options=LintOptions(), selection=Selection())
    practice = [(f.rule, f.span.line, f.message) for f in findings if f.rule in PRACTICE]
    assert practice == []


def test_classic_bad_dockerfile_gets_every_practice_finding():
    text = (FIXTURES / "classic-bad.Dockerfile").read_text(encoding="utf-8")
    found = {f.rule for f in lint_document(parse(text), options=LintOptions(), selection=Selection())} & PRACTICE
    assert found == {
        "DF401", "DF402", "DF403", "DF404", "DF405", "DF406", "DF407", "DF408", "DF409",
        "DF410", "DF411", "DF412", "DF413", "DF420", "DF421", "DF422", "DF423", "DF424", "DF425",
        "DF430", "DF431", "DF432", "DF440", "DF441", "DF442", "DF444", "DF445", "DF446", "DF447",
        "DF501", "DF503", "DF504", "DF506", "DF507", "DF508", "DF510", "DF512",
    }  # fmt: skip


def test_trusted_registries():
    text = (
        "FROM quay.io/a/b:1 AS one\n"
        "FROM debian:12\n"
        "FROM base-ctx\n"
        "COPY --from=one /x /x\n"
        "COPY --from=mirror.gcr.io/tools/jq:1.7 /jq /jq\n"
        "RUN --mount=from=ghcr.io/x/y:1,target=/y ls\n"
    )

    def found(*trusted):
        options = LintOptions(trusted_registries=trusted)
        return [f.span.line for f in lint_document(parse(text), options=options, selection=Selection(select=frozenset({"DF516"})))]

    assert found() == []
    assert found("docker.io", "*.gcr.io") == [1, 6]
    assert found("hub.docker.com", "quay.io", "ghcr.io") == [5]


def test_archive_copied_then_extracted():
    assert ids("FROM debian:12\nCOPY dist/app.tar.gz /tmp/\nRUN <<EOF\ntar xzf /tmp/app.tar.gz -C /opt\nEOF\n", "DF517") == ["DF517"]
    assert not ids("FROM debian:12\nCOPY app.tar.gz /srv/\nRUN tar -tzf /srv/app.tar.gz\n", "DF517")
    assert not ids("FROM debian:12\nCOPY app.tar.gz /tmp/\nFROM debian:12\nRUN tar -xzf /tmp/app.tar.gz\n", "DF517")


def test_non_numeric_user_is_off_by_default():
    text = "FROM alpine:3.20\nUSER nobody\nUSER 1000:app\nUSER $U\n"
    assert [f.span.line for f in lint(text, "DF518")] == [2]
    assert "DF518" not in [f.rule for f in lint_document(parse(text), options=LintOptions(), selection=Selection())]


def test_exec_form_shell_scripts_are_checked():
    assert ids('FROM debian:12\nRUN ["sh", "-c", "sudo make install"]\n', "DF441") == ["DF441"]
    assert ids('FROM debian:12\nRUN ["bash", "-c", "ls | wc -l"]\n', "DF446") == ["DF446"]
    assert not ids('FROM debian:12\nRUN ["bash", "-o", "pipefail", "-c", "ls | wc -l"]\n', "DF446")
    assert not ids('FROM debian:12\nRUN ["python3", "-c", "import os; os.system(\'sudo x\')"]\n', "DF441")
