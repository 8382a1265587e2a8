"""Configuration: discovery, validation errors, per-path tables, flags over files, hadolint files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dflint.cli import main
from dflint.config import ConfigError
from dflint.config import yaml_subset
from dflint.config.discover import _search, find_config
from dflint.config.hadolint import hadolint_settings
from dflint.config.resolve import Resolver, matches
from dflint.config.settings import Settings
from dflint.engine.catalog import Catalog, catalog
from dflint.records import replace

FIXTURES = Path(__file__).parent / "fixtures" / "config"
BAD_MOUNT = "FROM alpine:3.20\nRUN --mount=type=cahce,target=/x echo\n"  # DF006 (error)


@pytest.fixture
def repo(tmp_path):
    """A fresh repository root: `.git` stops the upward search, so nothing outside leaks in."""
    (tmp_path / ".git").mkdir()
    _search.cache_clear()
    yield tmp_path
    _search.cache_clear()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_cli(*argv, capsys):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- discovery ---------------------------------------------------------------


def test_nearest_config_wins_and_pyproject_needs_the_tool_table(repo):
    write(repo / ".dflint.toml", 'ignore = ["DF001"]\n')
    write(repo / "a" / "pyproject.toml", '[tool.dflint]\nignore = ["DF002"]\n')
    write(repo / "a" / "b" / "pyproject.toml", '[tool.black]\nline-length = 100\n')  # no [tool.dflint]: skipped
    dockerfile = write(repo / "a" / "b" / "Dockerfile", "FROM scratch\n")
    assert find_config(str(dockerfile)) == repo / "a" / "pyproject.toml"
    assert find_config(str(write(repo / "c" / "Dockerfile", "FROM scratch\n"))) == repo / ".dflint.toml"


def test_dflint_toml_beats_pyproject_in_the_same_folder(repo):
    write(repo / "pyproject.toml", '[tool.dflint]\nignore = ["DF002"]\n')
    write(repo / ".dflint.toml", 'ignore = ["DF001"]\n')
    assert find_config(str(repo / "Dockerfile")) == repo / ".dflint.toml"


def test_search_stops_at_the_repository_root(repo):
    write(repo.parent / ".dflint.toml", "shellcheck = true\n")  # above the .git folder: never read
    try:
        assert find_config(str(write(repo / "x" / "Dockerfile", "FROM scratch\n"))) is None
    finally:
        (repo.parent / ".dflint.toml").unlink()


# --- the complete example, per-path tables and flags ---------------------------


def test_every_key_reaches_lint_options_and_selection(repo):
    shutil.copy(FIXTURES / "dflint.toml", repo / ".dflint.toml")
    resolver = Resolver()
    settings, options, selection = resolver.for_file(str(write(repo / "app" / "Dockerfile", "FROM scratch\n")))
    assert [t.kind for t in options.targets] == ["legacy", "buildkit"]
    assert options.platforms == ("linux/amd64", "linux/arm64")
    assert options.trusted_registries == ("docker.io", "ghcr.io")
    assert options.required_labels == {"org.opencontainers.image.source": "url", "maintainer": "email"}
    assert options.shellcheck is False
    assert options.context_dir == repo.resolve()  # `context = "."` is relative to the config file
    assert settings.threshold == "warning"
    assert "DF019" in selection.ignore
    assert selection.select is not None and "DF020" in selection.select and "DF006" in selection.select
    assert selection.severity == {"DF020": "style", "DF006": "warning"}


def test_per_path_tables_apply_in_order_and_ignore_adds_up(repo):
    shutil.copy(FIXTURES / "dflint.toml", repo / ".dflint.toml")
    resolver = Resolver()
    legacy = resolver.settings_for(str(repo / "legacy" / "Dockerfile"))
    assert legacy.targets == ["legacy:19.03"]
    assert legacy.ignore == ["DF019", "DF006"]
    dev = resolver.settings_for(str(repo / "svc" / "deep" / "Dockerfile.dev"))
    assert (dev.threshold, dev.shellcheck, dev.targets) == ("none", True, ["legacy:20.10", "buildkit"])
    assert resolver.settings_for(str(repo / "Dockerfile.dev")).shellcheck is True  # `**/` may match nothing
    assert resolver.settings_for(str(repo / "Dockerfile")).shellcheck is False


@pytest.mark.parametrize(
    ("patterns", "path", "expected"),
    [
        (["legacy/*"], "legacy/Dockerfile", True),
        (["legacy/*"], "other/legacy/Dockerfile", False),
        (["*.ci.Dockerfile"], "a/b/x.ci.Dockerfile", True),
        (["**/Dockerfile.dev"], "Dockerfile.dev", True),
        (["./svc/**"], "svc/a/Dockerfile", True),
        (["Dockerfile"], "a/Dockerfile.dev", False),
    ],
)
def test_glob_matching(patterns, path, expected):
    assert matches(patterns, path) is expected


def test_flags_override_the_file_and_the_exit_code_follows(repo, capsys):
    write(repo / ".dflint.toml", 'failure-threshold = "none"\nseverity = { DF006 = "style" }\n')
    dockerfile = str(write(repo / "Dockerfile", BAD_MOUNT))
    code, out, _ = run_cli("check", "--no-color", dockerfile, capsys=capsys)
    assert code == 0 and "style DF006" in out
    code, _, _ = run_cli("check", "--failure-threshold", "style", dockerfile, capsys=capsys)
    assert code == 1
    code, _, _ = run_cli("check", "--no-config", dockerfile, capsys=capsys)
    assert code == 1
    code, out, _ = run_cli("check", "--ignore", "DF006", "--failure-threshold", "style", dockerfile, capsys=capsys)
    assert code == 0 and "DF006" not in out


def test_explicit_config_file(repo, capsys):
    other = write(repo / "conf" / "strict.toml", 'ignore = ["invalid-mount"]\n')
    dockerfile = str(write(repo / "Dockerfile", BAD_MOUNT))
    assert run_cli("check", "--config", str(other), dockerfile, capsys=capsys)[0] == 0
    code, _, err = run_cli("check", "--config", str(repo / "missing.toml"), dockerfile, capsys=capsys)
    assert code == 2 and "missing.toml: no such configuration file" in err


# --- errors: one clear line, exit 2 -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colour = true\n", "unknown key 'colour'; allowed keys: targets, platforms"),
        ("shellcheck = \"yes\"\n", "shellcheck: Input should be a valid boolean (got 'yes')"),
        ('ignore = ["DF9999"]\n', "ignore: unknown rule 'DF9999'; expected a rule id"),
        ('[severity]\nDF006 = "loud"\n', "severity.DF006: Input should be 'error', 'warning', 'info' or 'style'"),
        ('[[per-path]]\nignore = ["DF006"]\n', "per-path.0.paths: Field required"),
        ('[[per-path]]\npaths = ["a/*"]\nper-path = []\n', "unknown key 'per-path.0.per-path'; allowed keys:"),
        ('targets = "legacy:20.10"\n', "targets: Input should be a valid list"),
        ("targets = [\n", "not valid TOML"),
    ],
)
def test_invalid_config_is_one_clear_error(repo, capsys, text, expected):
    config = write(repo / ".dflint.toml", text)
    code, out, err = run_cli("check", str(write(repo / "Dockerfile", "FROM scratch\n")), capsys=capsys)
    assert code == 2
    assert err.startswith(f"dflint: {config}: ") and expected in err
    assert "Traceback" not in err and out == ""


def test_pyproject_errors_name_the_table(repo, capsys):
    write(repo / "pyproject.toml", "[tool.dflint]\nselct = []\n")
    code, _, err = run_cli("config", str(repo), capsys=capsys)
    assert code == 2 and "[tool.dflint] unknown key 'selct'" in err


def test_unknown_target_in_config_names_the_file(repo, capsys):
    config = write(repo / ".dflint.toml", 'targets = ["docker:not-a-version"]\n')
    code, _, err = run_cli("check", str(write(repo / "Dockerfile", "FROM scratch\n")), capsys=capsys)
    assert code == 2 and "docker:not-a-version" in err and str(config) in err


def test_no_config_path_does_not_import_pydantic(repo):
    dockerfile = write(repo / "Dockerfile", "FROM scratch\n")
    probe = (
        "import sys; from dflint.cli import main; code = main(['check', sys.argv[1]]);"
        "print(code, 'pydantic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(dockerfile)], capture_output=True, text=True, cwd=repo)
    assert done.stdout.split() == ["0", "False"], done.stderr
    write(repo / ".dflint.toml", "shellcheck = false\n")
    done = subprocess.run([sys.executable, "-c", probe, str(dockerfile)], capture_output=True, text=True, cwd=repo)
    assert done.stdout.split() == ["0", "True"], done.stderr


# --- dflint config -------------------------------------------------------------


def test_config_command_prints_the_effective_settings(repo, capsys):
    shutil.copy(FIXTURES / "dflint.toml", repo / ".dflint.toml")
    target = str(repo / "legacy" / "Dockerfile")
    code, out, _ = run_cli("config", "--format", "json", "--platform", "linux/riscv64", target, capsys=capsys)
    data = json.loads(out)
    assert code == 0
    assert data["settings"]["platforms"] == ["linux/riscv64"]
    assert data["settings"]["targets"] == ["legacy:19.03"]
    assert data["sources"][-1] == "command line"
    code, out, _ = run_cli("config", target, capsys=capsys)
    assert 'targets = ["legacy:19.03"]' in out
    assert 'severity = { "DF020" = "style", "invalid-mount" = "warning" }' in out
    import tomllib

    tomllib.loads(out)  # the text form is valid TOML (unset keys are comments)


# --- hadolint ---------------------------------------------------------------------


@pytest.fixture
def dl_catalog(monkeypatch):
    """A catalogue in which exactly these rules mirror these DL codes, whatever the real aliases are."""
    real = catalog()
    aliases = {"DF001": ("DL3008",), "DF002": ("DL3001",), "DF003": ("DL3002",), "DF004": ("DL3003",),
               "DF005": ("DL3004",), "DF007": ("DL3050",)}
    fake = Catalog([replace(r, hadolint=aliases.get(r.id, ())) for r in real])
    monkeypatch.setattr("dflint.engine.catalog.catalog", lambda: fake)
    return fake


def test_hadolint_file_maps_through_aliases(dl_catalog):
    settings, notes = hadolint_settings(FIXTURES / "hadolint.yaml")
    assert settings.ignore == ["DF001"]
    assert settings.severity == {"DF002": "error", "DF003": "warning", "DF004": "warning", "DF005": "style"}
    assert settings.failure_threshold == "warning"
    assert settings.trusted_registries == ["docker.io", "my-company.com:5000", "*.gcr.io"]
    assert settings.required_labels == {"author": "text", "contact": "email", "version": "semver"}
    assert settings.extend_select == ["DF007"]
    assert any("SC2086" in n for n in notes) and any("no-fail" in n for n in notes)


def test_dflint_config_wins_over_hadolint_file(repo, dl_catalog):
    shutil.copy(FIXTURES / "hadolint.yaml", repo / ".hadolint.yaml")
    write(repo / ".dflint.toml", 'failure-threshold = "error"\nignore = ["DF006"]\n')
    notes = []
    settings = Resolver(hadolint="auto", notes=notes.append).settings_for(str(repo / "Dockerfile"))
    assert settings.threshold == "error"
    assert settings.ignore == ["DF001", "DF006"]
    assert settings.trusted_registries == ["docker.io", "my-company.com:5000", "*.gcr.io"]
    assert notes  # SC2086, format, no-fail did not carry over and were said so
    assert Resolver(notes=notes.append).settings_for(str(repo / "Dockerfile")).trusted_registries is None


def test_subset_yaml_reader_agrees_with_pyyaml():
    yaml = pytest.importorskip("yaml")
    text = (FIXTURES / "hadolint.yaml").read_text()
    assert yaml_subset.load(text) == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    ["a: &anchor 1\nb: *anchor\n", "a: |\n  block\n", "a:\n  - b: 1\n", "a: 1\n   b: 2\n", "a: {b: 1}\n"],
)
def test_subset_yaml_reader_refuses_what_it_does_not_handle(text):
    with pytest.raises(yaml_subset.YamlSubsetError):
        yaml_subset.load(text)


def test_hadolint_yaml_without_pyyaml(monkeypatch, dl_catalog):
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml -> ImportError
    settings, _ = hadolint_settings(FIXTURES / "hadolint.yaml")
    assert settings.ignore == ["DF001"] and settings.failure_threshold == "warning"


def test_bad_hadolint_values_are_errors(tmp_path):
    bad = write(tmp_path / ".hadolint.yaml", "failure-threshold: fatal\n")
    with pytest.raises(ConfigError, match="failure-threshold: expected one of"):
        hadolint_settings(bad)


def test_settings_merge_rules():
    base = Settings(ignore=["A"], severity={"A": "info"}, targets=["x"], sources=["file"])
    top = Settings(ignore=["B", "A"], severity={"B": "error"}, targets=["y"], sources=["flags"])
    merged = base.merged(top)
    assert (merged.ignore, merged.severity, merged.targets) == (["A", "B"], {"A": "info", "B": "error"}, ["y"])
    assert merged.sources == ["file", "flags"]
