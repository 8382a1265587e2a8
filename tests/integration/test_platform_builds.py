"""Real builds for linux/amd64 and linux/arm64 (QEMU) of the fixtures in
tests/fixtures/platform/builds/: what dflint flags really builds a wrong-architecture
image or fails, and the correct variants build the right one.

Each fixture writes what it learnt about the platform into /arch (or installs a
binary as /tool) and is exported with `-o type=local`, so the tests read the
files the image would contain. The base images are the local single-architecture
busybox images that scripts/builders/start.sh builds (`dflint-test/busybox:amd64`
/ `:arm64`, picked with `$TARGETARCH`/`$BUILDARCH` in the tag); no build needs
the network or a registry.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import tarfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from dflint.engine.context import LintContext, LintOptions
from dflint.syntax import parse

pytestmark = pytest.mark.builders

BUILDS = Path(__file__).parent.parent / "fixtures" / "platform" / "builds"
AMD64, ARM64 = "linux/amd64", "linux/arm64"
ARCH = {AMD64: "amd64", ARM64: "arm64"}
MACHINE = {AMD64: "x86_64", ARM64: "aarch64"}
FIXTURE_REPO = "dflint-test/busybox"


def _platform_findings(text: str, platforms=(AMD64, ARM64), targets=()) -> list[tuple[str, object]]:
    import dflint.checks.platform as package
    from dflint.engine.registry import _CHECKS

    for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
    ctx = LintContext(parse(text), LintOptions(platforms=tuple(platforms), targets=tuple(targets)))
    return [(c.rules[0], issue) for c in _CHECKS if c.module.startswith(package.__name__ + ".") for issue in c.fn(ctx)]


def _legacy_target():
    """The classic builder as the knowledge base names it, or a stand-in with the same attributes."""
    try:
        from dflint.knowledge import parse_target

        return parse_target("legacy:20.10")
    except ImportError:
        return SimpleNamespace(kind="legacy", label="legacy:20.10", sets_platform_args=False)


@pytest.fixture
def build(docker_engine, tmp_path):
    """build(text, platform, buildkit=True, context=None) -> (result, /arch contents or None, output dir).

    `context` maps file names to bytes to put in the build context."""
    repo = docker_engine.base_image.rsplit(":", 1)[0]
    counter = iter(range(100))

    def run(text: str, platform: str | None, *, buildkit: bool = True, context: dict[str, bytes] | None = None):
        work = tmp_path / f"b{next(counter)}"
        (work / "ctx").mkdir(parents=True)
        (work / "ctx" / "Dockerfile").write_text(text.replace(FIXTURE_REPO, repo))
        for name, data in (context or {}).items():
            (work / "ctx" / name).parent.mkdir(parents=True, exist_ok=True)
            (work / "ctx" / name).write_bytes(data)
        args = ["build", "--progress=plain", "--no-cache"] if buildkit else ["build", "--no-cache"]
        if buildkit:
            args += ["--network=host", "-o", f"type=local,dest={work / 'out'}"]
        if platform:
            args += ["--platform", platform]
        result = docker_engine(*args, str(work / "ctx"), buildkit=buildkit)
        arch = work / "out" / "arch"
        return result, arch.read_text().strip() if arch.is_file() else None, work / "out"

    return run


@pytest.fixture
def release_archives(build, arm64_platform) -> dict[str, bytes]:
    """tools/tool-linux-<arch>.tar for amd64 and arm64, each holding that
    architecture's busybox as `tool` (taken from the local base images)."""
    archives = {}
    for platform in (AMD64, ARM64):
        result, _, out = build(f"FROM {FIXTURE_REPO}:{ARCH[platform]}\n", platform)
        assert result.returncode == 0, result.stdout
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            archive.add(out / "bin" / "busybox", arcname="tool")
        archives[f"tools/tool-linux-{ARCH[platform]}.tar"] = buffer.getvalue()
    return archives


def _elf_machine(path: Path) -> str:
    """The architecture an ELF executable is for (its e_machine field)."""
    header = path.read_bytes()[:20]
    assert header[:4] == b"\x7fELF", path
    return {62: "amd64", 183: "arm64"}.get(int.from_bytes(header[18:20], "little"), "other")


def _fixture(name: str) -> str:
    return (BUILDS / f"{name}.Dockerfile").read_text()


def _apply(text: str, fix) -> str:
    lines = text.splitlines(keepends=True)
    for edit in sorted(fix.edits, key=lambda e: (e.span.line, e.span.column), reverse=True):
        assert edit.span.line == edit.span.end_line and edit.span.column == edit.span.end_column  # insertions
        line = lines[edit.span.line - 1] if edit.span.line <= len(lines) else ""
        cut = edit.span.column - 1
        lines[edit.span.line - 1 : edit.span.line] = [line[:cut] + edit.text + line[cut:]]
    return "".join(lines)


def test_undeclared_targetarch_is_empty_and_dflints_fix_makes_it_right(build, arm64_platform):
    text = _fixture("undeclared-targetarch")
    found = _platform_findings(text)
    assert [rule for rule, _ in found] == ["DF301"]
    for platform in (AMD64, ARM64):
        result, arch, _ = build(text, platform)
        assert result.returncode == 0, result.stdout
        assert arch == "arch=", f"{platform}: {arch!r}"
    fixed = _apply(text, found[0][1].fix)
    assert _platform_findings(fixed) == []
    for platform in (AMD64, ARM64):
        result, arch, _ = build(fixed, platform)
        assert result.returncode == 0, result.stdout
        assert arch == f"arch={ARCH[platform]}"


def test_uname_on_build_platform_reports_the_build_machine(build, arm64_platform):
    text = _fixture("build-platform-probe")
    assert [rule for rule, _ in _platform_findings(text)] == ["DF307"]
    result, arch, _ = build(text, ARM64)
    assert result.returncode == 0, result.stdout
    assert arch == MACHINE[AMD64], "built for arm64, yet the file names the amd64 build machine"


def test_correct_cross_build_gives_each_platform_its_own_architecture(build, arm64_platform):
    text = _fixture("cross.ok")
    assert _platform_findings(text) == []
    for platform in (AMD64, ARM64):
        result, arch, _ = build(text, platform)
        assert result.returncode == 0, result.stdout
        assert arch.splitlines() == [f"arch={ARCH[platform]}", f"machine={MACHINE[platform]}"]


def test_frozen_targetarch_ignores_the_platform(build, arm64_platform):
    text = _fixture("frozen-targetarch")
    assert [rule for rule, _ in _platform_findings(text)] == ["DF302"]
    result, arch, _ = build(text, ARM64)
    assert result.returncode == 0, result.stdout
    assert arch == "arch=amd64"


def test_hard_coded_release_archive_puts_amd64_binaries_in_the_arm64_image(build, release_archives):
    broken, right = _fixture("release-archive.hard-coded"), _fixture("release-archive.ok")
    found = _platform_findings(broken)
    assert [rule for rule, _ in found] == ["DF306"] and found[0][1].data["arch"] == "amd64"
    assert _platform_findings(right) == []
    for platform in (AMD64, ARM64):
        result, _, out = build(broken, platform, context=release_archives)
        assert result.returncode == 0, result.stdout
        assert _elf_machine(out / "tool") == "amd64", f"built for {platform}"
        result, _, out = build(right, platform, context=release_archives)
        assert result.returncode == 0, result.stdout
        assert _elf_machine(out / "tool") == ARCH[platform]


def test_classic_builder_fails_on_buildplatform_with_the_message_dflint_quotes(build):
    text = _fixture("build-platform-classic")
    from dflint import lint

    found = [f for f in lint(text, targets=[_legacy_target()], select=["DF201"]) if f.severity == "error"]
    assert len(found) == 1
    quoted = found[0].message.split("fails: “", 1)[1].rstrip("”")
    result, _, _ = build(text, None, buildkit=False)
    assert result.returncode != 0
    assert quoted in result.stdout
    result, _, _ = build(text, None, buildkit=True)
    assert result.returncode == 0, result.stdout
