"""Deterministic generator of realistic Dockerfiles (no network, no checked-in corpus).

Why: the benchmark and the differential parser tests need hundreds of files that
look like what people really write — official-image style, multi-stage builds for
Go/Rust/Node/Java/Python/Ruby, BuildKit-era syntax, Windows files, CRLF files and the
usual mistakes — of varied size (5-400 lines).

File i depends only on (seed, i), so a larger --count extends a smaller corpus.

    python -m bench.corpus OUTDIR [--count N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import corpus_data as data
from . import corpus_steps as step
from .corpus_style import Block, Style

MIN_LINES = 5
MAX_LINES = 400


@dataclass
class Stage:
    """One build stage: fixed blocks at the head and tail, fillers that grow the middle."""

    head: list[Block]
    fillers: list[Callable[[], Block]]
    tail: list[Block]


@dataclass(frozen=True)
class GeneratedFile:
    name: str
    archetype: str
    text: str


def _from(s: Style, image: str, name: str | None = None, platform: str | None = None) -> str:
    parts = [f"--platform={platform}"] if platform else []
    parts.append(image)
    if name:
        parts += [s.pick(["AS", "AS", "AS", "as"]) if not s.mistake() else "AS", name.title() if s.mistake() else name]
    return s.line("FROM", " ".join(parts))


def _family_install(s: Style, family: str) -> Callable[[], Block]:
    if family == "alpine":
        return lambda: step.apk_install(s)
    if family == "rhel":
        return lambda: step.rpm_install(s, s.pick(["dnf", "yum", "microdnf"]))
    return lambda: step.apt_install(s)


def _common_fillers(s: Style, family: str, app: str) -> list[Callable[[], Block]]:
    return [
        _family_install(s, family), _family_install(s, family),
        lambda: step.env_block(s, app), lambda: step.arg_block(s), lambda: step.comment(s),
        lambda: step.download_verify(s), lambda: step.label_block(s, app),
        lambda: step.misc_mistake(s, app) if s.mistake() else step.comment(s),
    ]


# -- archetypes ----------------------------------------------------------------------


def official(s: Style, app: str, family: str) -> list[Stage]:
    name, version, port, datadir = s.pick(data.SERVICES)
    base = s.pick(data.ALPINE_IMAGES if family == "alpine" else data.DEBIAN_IMAGES)
    user = [s.line("RUN", f"groupadd --system --gid 999 {name} && useradd --system --gid {name} --uid 999 --home-dir /var/lib/{name} {name}")]
    if family == "alpine":
        user = [s.line("RUN", f"addgroup -S -g 1000 {name} && adduser -S -G {name} -u 999 {name}")]
    head = [[_from(s, base)], user]
    fillers = [lambda: step.official_build(s, name, version), lambda: step.download_verify(s), *_common_fillers(s, family, name)]
    tail = [[s.line("ENV", f"{name.upper()}_VERSION={version}")], step.official_build(s, name, version) if family != "alpine" else step.apk_install(s)]
    if datadir:
        tail.append([s.line("RUN", f"mkdir -p {datadir} && chown {name}:{name} {datadir}"), s.line("VOLUME", datadir)])
        tail.append([s.line("WORKDIR", datadir)])
    tail.append([s.line("COPY", "docker-entrypoint.sh /usr/local/bin/")])
    tail.append([s.line("ENTRYPOINT", '["docker-entrypoint.sh"]')])
    tail.append(step.expose(s) if s.mistake() else [s.line("EXPOSE", port)])
    tail.append([s.line("CMD", f'["{name}"]')])
    return [Stage(head, fillers, tail)]


def python_app(s: Style, app: str, family: str) -> list[Stage]:
    image = s.pick([i for i in data.PYTHON_IMAGES if ("alpine" in i) == (family == "alpine")])
    port = s.pick(["8000", "5000", "8080"])
    head = [[_from(s, image)], step.env_block(s, app), step.workdir(s, app)]
    fillers = [lambda: step.pip_install(s), *_common_fillers(s, family, app)]
    tail = [step.copy_manifest(s, "python"), step.pip_install(s), step.copy_sources(s, app, "app"), step.user_setup(s, family), [s.line("EXPOSE", port)]]
    if s.chance(0.4):
        tail.append(step.healthcheck(s, port))
    tail.append(step.command(s, ["gunicorn", "--bind", f"0.0.0.0:{port}", f"{app}.wsgi:application"] if s.chance(0.5) else ["python", "-m", app]))
    return [Stage(head, fillers, tail)]


def node_app(s: Style, app: str, family: str) -> list[Stage]:
    image = s.pick(data.NODE_IMAGES)
    deps = Stage([[_from(s, image, "deps")], step.workdir(s, app)], [lambda: step.npm_install(s)], [step.copy_manifest(s, "node"), step.npm_install(s)])
    build = Stage(
        [[_from(s, "deps", "build")]],
        [lambda: step.comment(s), lambda: step.env_block(s, app), lambda: step.arg_block(s)],
        [[s.line("COPY", ". .")], [s.line("RUN", "npm run build && npm prune --omit=dev")]],
    )
    runtime = Stage(
        [[_from(s, image, "runtime")], [s.line("ENV", "NODE_ENV=production")], step.workdir(s, app)],
        _common_fillers(s, "alpine" if "alpine" in image else "debian", app),
        [
            step.copy_from(s, "build", "/app/dist", "./dist"), step.copy_from(s, "build", "/app/node_modules", "./node_modules"),
            [s.line("USER", "node")], [s.line("EXPOSE", "3000")], step.command(s, ["node", "dist/server.js"]),
        ],
    )
    return [deps, build, runtime]


def go_service(s: Style, app: str, family: str) -> list[Stage]:
    cross = s.chance(0.5)
    platform = "$BUILDPLATFORM" if cross else None
    builder_head = [[_from(s, s.pick(data.GO_IMAGES), "build", platform)]]
    if cross:
        builder_head.append([s.line("ARG", "TARGETOS TARGETARCH")] if s.chance(0.6) else [s.line("ARG", "TARGETOS"), s.line("ARG", "TARGETARCH")])
    builder_head += [[s.line("ARG", "VERSION=dev")], [s.line("WORKDIR", "/src")], step.copy_manifest(s, "go"), [s.line("RUN", "go mod download")]]
    builder = Stage(builder_head, [lambda: step.go_tools(s), lambda: step.comment(s), lambda: step.apk_install(s)], [[s.line("COPY", ". .")], step.go_build(s, cross, app)])
    final_image = s.pick(data.RUNTIME_IMAGES)
    final = Stage(
        [[_from(s, final_image, "final" if s.chance(0.3) else None)]],
        [lambda: step.label_block(s, app), lambda: step.comment(s)],
        [step.copy_from(s, "build", f"/out/{app}", f"/usr/local/bin/{app}"), [s.line("USER", "65532:65532")], step.command(s, ["serve"], [f"/usr/local/bin/{app}"])],
    )
    if final_image.startswith(("alpine", "debian")):
        final.fillers += _common_fillers(s, "alpine" if final_image.startswith("alpine") else "debian", app)
    return [builder, final]


def rust_service(s: Style, app: str, family: str) -> list[Stage]:
    builder = Stage(
        [[_from(s, s.pick(data.RUST_IMAGES), "builder")], [s.line("WORKDIR", "/app")]],
        [lambda: step.apt_install(s, ["pkg-config", "libssl-dev"]), lambda: step.comment(s)],
        [step.copy_manifest(s, "rust"), [s.line("COPY", "src ./src")], step.cargo_build(s, app)],
    )
    final = Stage(
        [[_from(s, s.pick(["debian:bookworm-slim", "gcr.io/distroless/cc-debian12"]))]],
        [lambda: step.comment(s)],
        [step.copy_from(s, "builder", f"/usr/local/bin/{app}", f"/usr/local/bin/{app}"), step.expose(s), [s.line("ENTRYPOINT", f'["/usr/local/bin/{app}"]')]],
    )
    return [builder, final]


def java_service(s: Style, app: str, family: str) -> list[Stage]:
    builder = Stage(
        [[_from(s, s.pick(data.JAVA_BUILD_IMAGES), "build")], [s.line("WORKDIR", "/workspace")]],
        [lambda: step.comment(s), lambda: step.arg_block(s)],
        [step.copy_manifest(s, "java"), [s.line("COPY", "src ./src")], step.maven_build(s)],
    )
    final = Stage(
        [[_from(s, s.pick(data.JAVA_RUNTIME_IMAGES))]],
        _common_fillers(s, "alpine", app),
        [
            [s.line("RUN", "addgroup -S spring && adduser -S spring -G spring")], [s.line("USER", "spring:spring")],
            step.copy_from(s, "build", "/workspace/target/*.jar", "/app/app.jar"), step.env_block(s, app),
            step.healthcheck(s, "8080"), [s.line("EXPOSE", "8080")],
            [s.line("ENTRYPOINT", '["sh", "-c", "java $JAVA_OPTS -jar /app/app.jar"]')],
        ],
    )
    return [builder, final]


def ruby_app(s: Style, app: str, family: str) -> list[Stage]:
    image = s.pick(data.RUBY_IMAGES)
    fam = "alpine" if "alpine" in image else "debian"
    return [Stage(
        [[_from(s, image)], step.env_block(s, app), [s.line("WORKDIR", "/app")]],
        [lambda: step.gem_install(s), *_common_fillers(s, fam, app)],
        [step.copy_manifest(s, "ruby"), step.gem_install(s), [s.line("COPY", ". .")], [s.line("EXPOSE", "3000")], step.command(s, ["bundle", "exec", "puma", "-C", "config/puma.rb"])],
    )]


def rhel_app(s: Style, app: str, family: str) -> list[Stage]:
    return [Stage(
        [[_from(s, s.pick(data.RHEL_IMAGES))], step.label_block(s, app)],
        _common_fillers(s, "rhel", app),
        [step.rpm_install(s, s.pick(["dnf", "yum", "microdnf"])), step.user_setup(s, "rhel"), step.workdir(s, app), step.copy_sources(s, app), step.command(s, [f"./bin/{app}", "--config", f"/etc/{app}.yaml"])],
    )]


def buildkit_modern(s: Style, app: str, family: str) -> list[Stage]:
    base = s.pick(data.ALPINE_IMAGES if family == "alpine" else data.DEBIAN_IMAGES + data.UBUNTU_IMAGES)
    first = Stage(
        [[_from(s, base, "base")], step.heredoc_run(s, family)],
        [lambda: step.heredoc_run(s, family), lambda: step.heredoc_copy(s, app), lambda: step.add_remote(s), *_common_fillers(s, family, app)],
        [step.heredoc_copy(s, app)],
    )
    final = Stage(
        [[_from(s, "base", "final")]],
        [lambda: step.copy_sources(s, app), lambda: step.heredoc_run(s, family)],
        [
            [s.line("RUN", "--mount=type=secret,id=npmrc,target=/root/.npmrc --mount=type=ssh git clone git@github.com:example/private.git /src")],
            [s.line("RUN", "--mount=type=tmpfs,target=/tmp --network=none make test")],
            [s.line("COPY", "--link --chmod=755 --from=base /usr/local/bin/ /usr/local/bin/")],
            step.add_remote(s), step.healthcheck(s, "8080"), step.command(s, [app, "serve"]),
        ],
    )
    return [first, final]


def windows(s: Style, app: str, family: str) -> list[Stage]:
    steps = step.windows_steps(s, app)
    build = Stage([[_from(s, s.pick(data.WINDOWS_IMAGES), "build")], *steps[:3]], [lambda: step.comment(s)], steps[3:9])
    final = Stage(
        [[_from(s, s.pick(data.DOTNET_RUNTIME_WINDOWS))]],
        [lambda: step.comment(s)],
        [[s.line("WORKDIR", f"C:\\{app}")], [s.line("COPY", "--from=build C:\\out .")], *steps[9:], [s.line("ENTRYPOINT", f'["dotnet", "{app}.dll"]')]],
    )
    return [build, final]


def legacy_messy(s: Style, app: str, family: str) -> list[Stage]:
    s.messy = 0.6
    return [Stage(
        [[_from(s, s.pick(data.UNPINNED_IMAGES))], [s.line("MAINTAINER", f"{app} team <{app}@example.com>")]],
        [lambda: step.misc_mistake(s, app), *_common_fillers(s, "debian", app)],
        [step.apt_install(s), [s.line("ENV", f"APP_HOME /{app}")], step.workdir(s, app), [s.line("ADD", ". .")], step.expose(s), [s.line("CMD", f"./{app} --port 8080")]],
    )]


def onbuild_base(s: Style, app: str, family: str) -> list[Stage]:
    return [Stage(
        [[_from(s, s.pick(data.NODE_IMAGES + data.PYTHON_IMAGES))], [s.line("RUN", "mkdir -p /usr/src/app")], [s.line("WORKDIR", "/usr/src/app")]],
        [lambda: step.onbuild(s), lambda: step.comment(s)],
        [step.onbuild(s), step.command(s, ["npm", "start"])],
    )]


def tiny(s: Style, app: str, family: str) -> list[Stage]:
    return [Stage(
        [[_from(s, s.pick(data.ALPINE_IMAGES + data.RUNTIME_IMAGES[:3] + data.DEBIAN_IMAGES[:2]))]],
        [],
        [step.copy_sources(s, app), step.workdir(s, app) if s.chance(0.5) else [s.line("USER", "nobody")], [s.line("RUN", "chmod +x /app/run.sh")], step.command(s, ["/app/run.sh"])],
    )]


def monorepo(s: Style, app: str, family: str) -> list[Stage]:
    stages = [Stage([[_from(s, s.pick(data.NODE_IMAGES), "base")], [s.line("WORKDIR", "/repo")]], [lambda: step.npm_install(s)], [step.copy_sources(s, app)])]
    for service in s.sample(data.APP_NAMES, 3, 7):
        kind = s.pick([go_service, python_app, rust_service])
        stages += kind(s, service, family)
    return stages


ARCHETYPES: list[tuple[Callable[[Style, str, str], list[Stage]], int]] = [
    (official, 12), (python_app, 10), (node_app, 10), (go_service, 10), (rust_service, 5), (java_service, 5),
    (ruby_app, 4), (rhel_app, 5), (buildkit_modern, 10), (windows, 5), (legacy_messy, 8), (onbuild_base, 3),
    (tiny, 8), (monorepo, 4),
]


# -- assembly --------------------------------------------------------------------------


def _target_lines(rng: random.Random, archetype: str) -> int:
    if archetype == "tiny":
        return rng.randint(MIN_LINES, 12)
    roll = rng.random()
    if archetype in ("official", "monorepo"):
        roll = min(roll + 0.35, 0.999)
    if roll < 0.5:
        return rng.randint(15, 50)
    if roll < 0.8:
        return rng.randint(50, 120)
    if roll < 0.95:
        return rng.randint(120, 250)
    return rng.randint(250, MAX_LINES)


def _header(s: Style, archetype: str) -> list[str]:
    lines = []
    if archetype == "buildkit_modern" or s.chance(0.3):
        lines.append(s.pick(["# syntax=", "# syntax=", "#syntax=", "# syntax = "]) + s.pick(data.SYNTAX_LINES))
    if s.escape == "`":
        lines.append("# escape=`")
    elif s.chance(0.02):
        lines.append("# escape=\\")
    if s.chance(0.05):
        lines.append("# check=" + s.pick(data.CHECK_LINES))
    s.rng.shuffle(lines)
    return lines


def _lay_out(s: Style, stages: list[Stage], target: int) -> list[Block]:
    """Grow the stages' middles until the file is about `target` lines (never above MAX_LINES)."""
    middles: list[list[Block]] = [[] for _ in stages]
    fixed = sum(len(b) for st in stages for b in st.head + st.tail)
    total = fixed + 2 * len(stages)  # separators between stages
    growable = [i for i, st in enumerate(stages) if st.fillers]
    misses = 0
    while growable and total < target and misses < 20:
        i = s.pick(growable)
        block = s.pick(stages[i].fillers)()
        if total + len(block) + 1 > MAX_LINES or (len(block) > 1 and block in middles[i]):
            misses += 1
            continue
        middles[i].append(block)
        total += len(block) + 1
    blocks: list[Block] = []
    for st, middle in zip(stages, middles):
        if blocks:
            blocks.append([""])
        blocks += st.head + middle + st.tail
    return blocks


def _join(s: Style, header: list[str], blocks: list[Block]) -> list[str]:
    spare = MAX_LINES - len(header) - sum(len(b) for b in blocks)
    lines = list(header)
    if header and spare > 0 and s.chance(0.7):
        lines.append("")
        spare -= 1
    for n, block in enumerate(blocks):
        if n and spare > 0 and block != [""] and lines and lines[-1] != "" and s.chance(0.3):
            lines.append("")
            spare -= 1
        lines.extend(block)
    return lines


def generate_one(seed: int, index: int) -> GeneratedFile:
    """File `index` of the corpus for `seed`: a pure function of both."""
    rng = random.Random(seed * 1_000_003 + index)
    make, _ = rng.choices(ARCHETYPES, weights=[w for _, w in ARCHETYPES])[0]
    name = make.__name__
    family = rng.choice(["debian", "debian", "alpine", "ubuntu"])
    style = Style(
        rng=rng,
        lower=rng.random() < 0.03,
        indent=rng.choice(["    ", "    ", "  ", "\t", "        "]),
        escape="`" if name == "windows" and rng.random() < 0.7 else "\\",
        messy=rng.choice([0.02, 0.05, 0.1, 0.2]),
        sprinkle=rng.choice([0.0, 0.0, 0.01, 0.03, 0.06]),
    )
    app = rng.choice(data.APP_NAMES)
    stages = make(style, app, family)
    header = _header(style, name)
    lines = _join(style, header, _lay_out(style, stages, _target_lines(rng, name) - len(header)))
    while len(lines) < MIN_LINES:
        lines.append("# " + style.pick(data.COMMENTS))
    newline = "\r\n" if (name == "windows" and rng.random() < 0.6) or rng.random() < 0.03 else "\n"
    text = newline.join(lines) + (newline if rng.random() < 0.95 else "")
    if rng.random() < (0.1 if name == "windows" else 0.005):
        text = "\ufeff" + text
    return GeneratedFile(f"{index:04d}-{name.replace('_', '-')}.Dockerfile", name, text)


def generate(count: int = 300, seed: int = 0) -> list[GeneratedFile]:
    return [generate_one(seed, i) for i in range(count)]


def write_corpus(outdir: Path, count: int = 300, seed: int = 0) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in generate(count, seed):
        path = outdir / f.name
        path.write_bytes(f.text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = write_corpus(args.outdir, args.count, args.seed)
    lines = sum(p.read_bytes().count(b"\n") for p in paths)
    print(f"wrote {len(paths)} Dockerfiles ({lines} lines) to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
