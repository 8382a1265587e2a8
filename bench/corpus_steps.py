"""Building blocks of generated Dockerfiles: one function per kind of step people write.

Each function returns the physical lines of one block. Variants follow what is seen
in official images and application repositories, including the usual mistakes
(unpinned packages, missing `-y`, no cleanup, `cd`, `sudo`, legacy `ENV k v`, flag typos).
"""

from __future__ import annotations

from . import corpus_data as data
from .corpus_style import Block, Style

# -- package managers -----------------------------------------------------------


def _pinned(s: Style, pkgs: list[str], pins: dict[str, str], sep: str) -> list[str]:
    if not s.chance(0.3):
        return pkgs
    return [f"{p}{sep}{pins[p]}" if p in pins else p for p in pkgs]


def apt_install(s: Style, extra: list[str] | None = None) -> Block:
    pkgs = _pinned(s, s.sample(data.APT_PACKAGES, 2, 9) + (extra or []), data.APT_PINS, "=")
    pkgs = sorted(set(pkgs), key=pkgs.index)
    if s.mistake():
        shape = s.pick(["no-y", "no-clean", "split", "apt", "sudo", "upgrade"])
        if shape == "split":
            return [s.line("RUN", "apt-get update"), s.line("RUN", "apt-get install -y " + " ".join(pkgs))]
        if shape == "no-y":
            return s.instr_cont("RUN", "apt-get update &&", ["apt-get install " + " ".join(pkgs)])
        if shape == "apt":
            return [s.line("RUN", "apt update && apt install -y " + " ".join(pkgs))]
        if shape == "sudo":
            return [s.line("RUN", "sudo apt-get update && sudo apt-get install -y " + " ".join(pkgs))]
        if shape == "upgrade":
            return s.instr_cont("RUN", "apt-get update && apt-get upgrade -y &&", ["apt-get install -y " + " ".join(pkgs)])
        return s.instr_cont("RUN", "apt-get update", ["&& apt-get install -y --no-install-recommends " + " ".join(pkgs)])
    if s.chance(0.2):
        mounts = ["--mount=type=cache,target=/var/cache/apt,sharing=locked", "--mount=type=cache,target=/var/lib/apt,sharing=locked"]
        if s.mistake():
            mounts[0] = s.pick(["--mount=type=cahce,target=/var/cache/apt", "--mount=typ=cache,target=/var/cache/apt", "--mout=type=cache,target=/var/cache/apt"])
        return s.instr_cont("RUN", mounts[0], [mounts[1], "apt-get update", "&& apt-get install -y --no-install-recommends " + " ".join(pkgs)])
    if s.chance(0.5):
        return s.instr_cont(
            "RUN", "apt-get update", ["&& apt-get install -y --no-install-recommends", *[s.indent + p for p in pkgs], "&& rm -rf /var/lib/apt/lists/*"]
        )
    return s.instr_cont(
        "RUN", "set -eux;", ["apt-get update;", "apt-get install -y --no-install-recommends " + " ".join(pkgs) + ";", "rm -rf /var/lib/apt/lists/*"], indent="\t"
    )


def apk_install(s: Style, extra: list[str] | None = None) -> Block:
    pkgs = _pinned(s, s.sample(data.APK_PACKAGES, 1, 8) + (extra or []), data.APK_PINS, "=")
    pkgs = sorted(set(pkgs), key=pkgs.index)
    if s.mistake():
        shape = s.pick(["update", "cache", "upgrade"])
        if shape == "update":
            return [s.line("RUN", "apk update && apk add " + " ".join(pkgs))]
        if shape == "upgrade":
            return [s.line("RUN", "apk upgrade && apk add --no-cache " + " ".join(pkgs))]
        return [s.line("RUN", "apk add " + " ".join(pkgs))]
    if s.chance(0.25):
        build = s.sample(["build-base", "musl-dev", "linux-headers", "libffi-dev", "openssl-dev", "cargo"], 2, 4)
        return s.instr_cont(
            "RUN",
            "apk add --no-cache --virtual .build-deps",
            [s.indent + b for b in build] + ["&& apk add --no-cache " + " ".join(pkgs), "&& make install", "&& apk del --no-network .build-deps"],
        )
    if s.chance(0.15):
        return [s.line("RUN", "--mount=type=cache,target=/var/cache/apk apk add --update " + " ".join(pkgs))]
    if len(pkgs) > 4 and s.chance(0.5):
        return s.instr_cont("RUN", "apk add --no-cache", pkgs)
    return [s.line("RUN", "apk add --no-cache " + " ".join(pkgs))]


def rpm_install(s: Style, tool: str) -> Block:
    pkgs = s.sample(data.RPM_PACKAGES, 2, 7)
    if s.mistake():
        return [s.line("RUN", f"{tool} install " + " ".join(pkgs))]
    if tool == "yum":
        return s.instr_cont("RUN", "yum install -y " + " ".join(pkgs), ["&& yum clean all", "&& rm -rf /var/cache/yum"])
    if tool == "microdnf":
        return s.instr_cont("RUN", "microdnf install -y --nodocs " + " ".join(pkgs), ["&& microdnf clean all"])
    return s.instr_cont("RUN", "dnf install -y --setopt=install_weak_deps=False", [*pkgs, "&& dnf clean all"])


def pip_install(s: Style) -> Block:
    if s.mistake():
        return [s.line("RUN", "pip install " + " ".join(s.sample(data.PIP_PACKAGES, 1, 4)))]
    shape = s.pick(["req", "req", "pinned", "cache", "venv", "poetry"])
    if shape == "req":
        return [s.line("RUN", "pip install --no-cache-dir -r requirements.txt")]
    if shape == "pinned":
        pkgs = [f"{p}=={data.PIP_PINS[p]}" if p in data.PIP_PINS else p for p in s.sample(data.PIP_PACKAGES, 2, 6)]
        return s.instr_cont("RUN", "pip install --no-cache-dir", pkgs)
    if shape == "cache":
        return s.instr_cont("RUN", "--mount=type=cache,target=/root/.cache/pip", ["--mount=type=bind,source=requirements.txt,target=requirements.txt", "python -m pip install -r requirements.txt"])
    if shape == "venv":
        return [s.line("RUN", "python -m venv /opt/venv"), s.line("ENV", 'PATH="/opt/venv/bin:$PATH"'), s.line("RUN", "pip install --no-cache-dir --upgrade pip setuptools wheel")]
    return s.instr_cont(
        "RUN", f"pip install --no-cache-dir poetry=={data.PIP_PINS['poetry']}", ["&& poetry config virtualenvs.create false", "&& poetry install --no-interaction --no-ansi --only main"]
    )


def npm_install(s: Style) -> Block:
    if s.mistake():
        return [s.line("RUN", s.pick(["npm install", "npm i", "npm install --production", "yarn"]))]
    shape = s.pick(["ci", "cache", "yarn", "pnpm", "global"])
    if shape == "ci":
        return [s.line("RUN", "npm ci --omit=dev && npm cache clean --force")]
    if shape == "cache":
        return [s.line("RUN", "--mount=type=cache,target=/root/.npm npm ci")]
    if shape == "yarn":
        return [s.line("RUN", "--mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile")]
    if shape == "pnpm":
        return [s.line("RUN", "corepack enable && corepack prepare pnpm@9.4.0 --activate"), s.line("RUN", "--mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile")]
    return [s.line("RUN", "npm install -g " + " ".join(s.sample(data.NPM_GLOBAL, 1, 3)))]


def gem_install(s: Style) -> Block:
    name, version = s.pick(data.GEMS)
    if s.mistake():
        return [s.line("RUN", f"gem install {name}")]
    return s.instr_cont(
        "RUN", f"gem install {name} -v {version} --no-document", ["&& bundle config set --local without 'development test'", "&& bundle install --jobs 4 --retry 3", "&& rm -rf /usr/local/bundle/cache"]
    )


def go_build(s: Style, cross: bool, app: str) -> Block:
    env = "CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH" if cross else "CGO_ENABLED=0"
    build = f'{env} go build -trimpath -ldflags="-s -w -X main.version=${{VERSION}}" -o /out/{app} ./cmd/{app}'
    if s.chance(0.6):
        return s.instr_cont(
            "RUN", "--mount=type=cache,target=/go/pkg/mod", ["--mount=type=cache,target=/root/.cache/go-build", *(["--mount=type=bind,target=."] if s.chance(0.4) else []), build]
        )
    return [s.line("RUN", "go mod download"), s.line("RUN", build)]


def cargo_build(s: Style, app: str) -> Block:
    if s.chance(0.5):
        return s.instr_cont(
            "RUN",
            "--mount=type=cache,target=/usr/local/cargo/registry",
            ["--mount=type=cache,target=/app/target", "cargo build --release --locked", f"&& cp target/release/{app} /usr/local/bin/{app}"],
        )
    return [s.line("RUN", "cargo fetch"), s.line("RUN", f"cargo build --release && strip target/release/{app}")]


def maven_build(s: Style) -> Block:
    if s.chance(0.5):
        return [s.line("RUN", "--mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package")]
    return [s.line("RUN", "mvn -B dependency:go-offline"), s.line("RUN", "mvn -B -DskipTests package")]


def go_tools(s: Style) -> Block:
    return s.instr_cont("RUN", "go install " + s.pick(data.GO_TOOLS), ["&& go install " + t for t in s.sample(data.GO_TOOLS, 0, 2)])


# -- metadata and environment -----------------------------------------------------


def env_block(s: Style, app: str) -> Block:
    pairs = [
        ("APP_HOME", f"/opt/{app}"), ("PORT", s.pick(data.PORTS)), ("LANG", "C.UTF-8"), ("TZ", "Etc/UTC"),
        ("NODE_ENV", "production"), ("PYTHONDONTWRITEBYTECODE", "1"), ("PYTHONUNBUFFERED", "1"),
        ("JAVA_OPTS", '"-Xms256m -Xmx512m -XX:+UseContainerSupport"'), ("PATH", f'"/opt/{app}/bin:$PATH"'),
        ("GREETING", "hello\\ world"), ("DEBIAN_FRONTEND", "noninteractive"), ("LOG_LEVEL", "info"),
        ("APP_VERSION", "${VERSION}"), ("DATA_DIR", '"/var/lib/' + app + '"'), ("MESSAGE", "'it works'"),
    ]
    chosen = s.sample(pairs, 1, 6)
    if s.mistake():
        return [s.line("ENV", f"{k} {v.strip(chr(34))}") for k, v in chosen]
    if len(chosen) > 2 and s.chance(0.6):
        first, *rest = chosen
        return s.instr_cont("ENV", f"{first[0]}={first[1]}", [f"{k}={v}" for k, v in rest])
    if s.chance(0.3):
        return [s.line("ENV", " ".join(f"{k}={v}" for k, v in chosen))]
    return [s.line("ENV", f"{k}={v}") for k, v in chosen]


def label_block(s: Style, app: str) -> Block:
    org = s.pick(data.ORGS)
    labels = [
        ("org.opencontainers.image.title", f'"{app}"'), ("org.opencontainers.image.source", f'"https://github.com/{org}/{app}"'),
        ("org.opencontainers.image.licenses", f'"{s.pick(data.LICENSES)}"'), ("org.opencontainers.image.vendor", f'"{org.title()} Inc."'),
        ("org.opencontainers.image.version", "$VERSION"), ("org.opencontainers.image.description", f'"The {app} service"'),
        ("org.opencontainers.image.created", "$BUILD_DATE"), ("org.opencontainers.image.revision", "${GIT_SHA}"),
    ]
    if s.mistake():
        return [s.line("LABEL", f'maintainer "{org}@example.com"')]
    chosen = s.sample(labels, 1, 6)
    if len(chosen) == 1:
        return [s.line("LABEL", "=".join(chosen[0]))]
    first, *rest = chosen
    return s.instr_cont("LABEL", "=".join(first), ["=".join(kv) for kv in rest])


def arg_block(s: Style) -> Block:
    options = ["VERSION=1.4.2", "BUILD_DATE", "GIT_SHA", "NODE_ENV=production", "PYTHON_VERSION=3.12", "GO_VERSION=1.22",
               "BUILDKIT_INLINE_CACHE=1", "DEBIAN_FRONTEND=noninteractive", "UID=1000", "GID=1000", "HTTP_PROXY", "APP_ENV=prod"]
    chosen = s.sample(options, 1, 4)
    if s.chance(0.2):
        return [s.line("ARG", " ".join(chosen))]
    return [s.line("ARG", a) for a in chosen]


def user_setup(s: Style, family: str) -> Block:
    name, uid = s.pick(data.USERS)
    if family == "alpine":
        run = [s.line("RUN", f"addgroup -S -g {uid} {name} && adduser -S -u {uid} -G {name} -h /home/{name} {name}")]
    elif family == "rhel":
        run = [s.line("RUN", f"groupadd -r -g {uid} {name} && useradd -r -u {uid} -g {name} -m {name}")]
    else:
        run = s.instr_cont("RUN", f"groupadd --system --gid {uid} {name}", [f"&& useradd --system --uid {uid} --gid {name} --create-home --shell /usr/sbin/nologin {name}"])
    user = s.pick([name, f"{uid}:{uid}", f"{name}:{name}", uid])
    return [*run, s.line("USER", user)]


def download_verify(s: Style) -> Block:
    name, version, url = s.pick(data.TOOLS)
    sha = s.pick(data.SHA256_SAMPLES)
    u = url.format(v=version, arch="amd64")
    if s.mistake():
        return [s.line("RUN", f"curl -L {u} | tar -xz -C /usr/local/bin"), s.line("RUN", f"wget {u} -O /usr/local/bin/{name}")]
    if s.chance(0.25):
        return [s.line("ADD", f"--checksum=sha256:{sha} {u} /usr/local/bin/{name}"), s.line("RUN", f"chmod +x /usr/local/bin/{name}")]
    return s.instr_cont(
        "RUN",
        "set -eux;",
        [
            f"curl -fsSL -o /tmp/{name} \"{u}\";",
            f"echo \"{sha}  /tmp/{name}\" | sha256sum -c -;",
            f"install -m 0755 /tmp/{name} /usr/local/bin/{name};",
            f"rm -f /tmp/{name};",
            f"{name} --version",
        ],
        indent="\t",
    )


def official_build(s: Style, name: str, version: str) -> Block:
    """The long `set -eux; savedAptMark=...` RUN of docker-library images (20-60 lines)."""
    key = s.pick(data.GPG_KEYS)
    up = name.upper()
    arch_cases = []
    for deb, rel in s.sample([("amd64", "x86_64"), ("arm64", "aarch64"), ("armhf", "armv7"), ("i386", "x86"), ("ppc64el", "ppc64le"), ("s390x", "s390x")], 2, 6):
        arch_cases.append(f"\t\t{deb}) {name.lower()}Arch='{rel}' ;; \\")
    parts = [
        "savedAptMark=\"$(apt-mark showmanual)\";",
        "apt-get update;",
        "apt-get install -y --no-install-recommends ca-certificates gnupg wget dirmngr " + " ".join(s.sample(data.APT_PACKAGES, 1, 5)) + ";",
        "rm -rf /var/lib/apt/lists/*;",
        "",
        "dpkgArch=\"$(dpkg --print-architecture | awk -F- '{ print $NF }')\";",
        "case \"$dpkgArch\" in",
    ]
    lines = [s.line("RUN", "set -eux; " + s.escape)]
    for p in parts:
        lines.append(("\t" + p + " " + s.escape) if p else "\t" + s.escape)
    lines.extend(arch_cases)
    lines.append(f"\t\t*) echo >&2 \"error: unsupported architecture: $dpkgArch\"; exit 1 ;; {s.escape}")
    lines.append(f"\tesac; {s.escape}")
    url = f"https://download.example.org/{name}/{name}-${up}_VERSION.tar.gz"
    tail = [
        f"wget -O {name}.tar.gz \"{url}\";",
        f"wget -O {name}.tar.gz.asc \"{url}.asc\";",
        "export GNUPGHOME=\"$(mktemp -d)\";",
        f"gpg --batch --keyserver keyserver.ubuntu.com --recv-keys {key};",
        f"gpg --batch --verify {name}.tar.gz.asc {name}.tar.gz;",
        "gpgconf --kill all;",
        f"rm -rf \"$GNUPGHOME\" {name}.tar.gz.asc;",
        f"mkdir -p /usr/src/{name};",
        f"tar -xzf {name}.tar.gz -C /usr/src/{name} --strip-components=1;",
        f"rm {name}.tar.gz;",
        f"cd /usr/src/{name};",
        "./configure --prefix=/usr/local --enable-shared;",
        "make -j \"$(nproc)\";",
        "make install;",
        "cd /;",
        f"rm -rf /usr/src/{name};",
        "",
        "apt-mark auto '.*' > /dev/null;",
        "[ -z \"$savedAptMark\" ] || apt-mark manual $savedAptMark > /dev/null;",
        "find /usr/local -type f -executable -exec ldd '{}' ';' \\",
    ]
    for t in tail:
        if t.endswith("\\"):
            lines.append("\t" + t)
            continue
        lines.append(("\t" + t + " " + s.escape) if t else "\t" + s.escape)
    lines += [
        "\t\t| awk '/=>/ { so = $(NF-1); if (index(so, \"/usr/local/\") == 1) { next }; gsub(\"^/(usr/)?\", \"\", so); printf \"*%s\\n\", so }' " + s.escape,
        "\t\t| sort -u " + s.escape,
        "\t\t| xargs -r dpkg-query --search " + s.escape,
        "\t\t| cut -d: -f1 " + s.escape,
        "\t\t| sort -u " + s.escape,
        "\t\t| xargs -r apt-mark manual " + s.escape,
        "\t; " + s.escape,
        "\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; " + s.escape,
        "\t" + s.escape,
        f"\t{name} --version",
    ]
    if not s.chance(0.5):
        lines = [ln for ln in lines if ln.strip() != s.escape]  # most files have no empty continuation lines
    return [s.line("ENV", f"{up}_VERSION {version}") if s.mistake() else s.line("ENV", f"{up}_VERSION={version}"), *lines]


# -- heredocs -------------------------------------------------------------------------


def heredoc_run(s: Style, family: str) -> Block:
    install = "apk add --no-cache curl jq" if family == "alpine" else "apt-get update && apt-get install -y --no-install-recommends curl jq && rm -rf /var/lib/apt/lists/*"
    shape = s.pick(["plain", "plain", "dash", "python", "mount", "redirect", "quoted", "two"])
    if shape == "plain":
        return [s.line("RUN", "<<EOF"), "set -eux", install, "mkdir -p /app/data", "EOF"]
    if shape == "dash":
        return [s.line("RUN", "<<-EOT bash"), "\tset -euo pipefail", "\tfor d in cache logs tmp; do", "\t\tmkdir -p \"/var/app/$d\"", "\tdone", "\tEOT"]
    if shape == "python":
        return [s.line("RUN", "<<EOF python3"), "import json, sys", "cfg = {'debug': False, 'workers': 4}", "with open('/etc/app.json', 'w') as f:", "    json.dump(cfg, f)", "print(sys.version)", "EOF"]
    if shape == "mount":
        return [s.line("RUN", "--mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt <<EOF"), "set -e", install, "EOF"]
    if shape == "redirect":
        if s.chance(0.1):  # whitespace after << : a heredoc only since frontend 1.16
            return [s.line("RUN", "cat << 'EOF' > /etc/motd"), "Welcome to the $APP container", "EOF"]
        return [s.line("RUN", "cat <<EOF > /etc/app.conf"), "listen = 0.0.0.0:${PORT}", "workers = 4", "log_level = ${LOG_LEVEL:-info}", "EOF"]
    if shape == "quoted":
        return [s.line("RUN", "<<'EOF' bash"), "echo \"home is $HOME, user is $(id -un)\"", "test -d /app || exit 1", "EOF"]
    return [s.line("RUN", "<<SETUP <<CHECK bash -s"), "useradd -m builder", "SETUP", "id builder", "CHECK"]


def heredoc_copy(s: Style, app: str) -> Block:
    shape = s.pick(["conf", "entrypoint", "two", "dash"])
    if shape == "conf":
        return [
            s.line("COPY", "<<EOF /etc/nginx/conf.d/default.conf"),
            "server {", "    listen 80;", f"    server_name {app}.local;", "    location / {",
            f"        proxy_pass http://{app}:8080;", "    }", "}", "EOF",
        ]
    if shape == "entrypoint":
        return [s.line("COPY", "--chmod=755 <<'EOF' /usr/local/bin/docker-entrypoint.sh"), "#!/bin/sh", "set -e", "if [ \"${1#-}\" != \"$1\" ]; then", f"  set -- {app} \"$@\"", "fi", "exec \"$@\"", "EOF"]
    if shape == "two":
        return [s.line("COPY", "<<robots.txt <<humans.txt /usr/share/nginx/html/"), "User-agent: *", "Disallow:", "robots.txt", "/* TEAM */", "humans.txt"]
    return [s.line("COPY", '<<-"END" /etc/app/settings.ini'), "\t[server]", "\tport = 8080", "\tEND"]


# -- files ------------------------------------------------------------------------------


def copy_sources(s: Style, app: str, user: str | None = None) -> Block:
    chown = f"--chown={user}:{user} " if user else ""
    if s.mistake():
        return [s.line("ADD", ". /app") if s.chance(0.5) else s.line("COPY", f"--chonw={user or 'app'} . .")]
    options = [
        [s.line("COPY", f"{chown}. .")],
        [s.line("COPY", f"{chown}src/ /app/src/")],
        [s.line("COPY", "--link . /src")],
        [s.line("COPY", f"--exclude=*.md --exclude=docs/ {chown}. /app")],
        [s.line("COPY", "--parents ./packages/*/package.json ./")],
        [s.line("COPY", f'["config/{app}.yaml", "/etc/{app}/"]')],
    ]
    return s.pick(options)


def copy_manifest(s: Style, lang: str) -> Block:
    files = {
        "python": "requirements.txt", "node": "package.json package-lock.json", "go": "go.mod go.sum",
        "rust": "Cargo.toml Cargo.lock", "java": "pom.xml", "ruby": "Gemfile Gemfile.lock",
    }[lang]
    if s.chance(0.15):
        return [s.line("COPY", "--link " + files + " ./")]
    return [s.line("COPY", files + " ./")]


def add_remote(s: Style) -> Block:
    org, app = s.pick(data.ORGS), s.pick(data.APP_NAMES)
    shape = s.pick(["git", "git-ssh", "tar", "checksum", "plain"])
    if shape == "git":
        return [s.line("ADD", f"https://github.com/{org}/{app}.git#v1.{s.rng.randint(0, 9)}.0 /src/{app}")]
    if shape == "git-ssh":
        return [s.line("ADD", f"--keep-git-dir=true git@github.com:{org}/{app}.git /src/{app}")]
    if shape == "tar":
        return [s.line("ADD", "rootfs.tar.xz /")]
    if shape == "checksum":
        return [s.line("ADD", f"--checksum=sha256:{s.pick(data.SHA256_SAMPLES)} https://example.com/{app}.tar.gz /tmp/")]
    return [s.line("ADD", f"https://example.com/{app}/install.sh /tmp/install.sh")]


def copy_from(s: Style, stage: str, src: str, dst: str) -> Block:
    flags = []
    if s.chance(0.3):
        flags.append("--link")
    if s.chance(0.2):
        flags.append("--chmod=0755")
    if s.mistake():
        return [s.line("COPY", f"--form={stage} {src} {dst}")]
    return [s.line("COPY", " ".join([*flags, f"--from={stage}", src, dst]))]


# -- runtime configuration ------------------------------------------------------------------


def workdir(s: Style, app: str) -> Block:
    if s.mistake():
        return [s.line("WORKDIR", s.pick(["app", "src", f"{app}"]))]
    return [s.line("WORKDIR", s.pick(["/app", "/src", f"/opt/{app}", "/usr/src/app", "/workspace", "$APP_HOME"]))]


def expose(s: Style) -> Block:
    if s.mistake():
        return [s.line("EXPOSE", s.pick(["8080/TCP", "80:8080", "0.0.0.0:80"]))]
    return [s.line("EXPOSE", " ".join(s.sample(data.PORTS, 1, 2)) if s.chance(0.8) else "80/tcp 443/tcp 443/udp")]


def volume(s: Style) -> Block:
    return [s.line("VOLUME", s.pick(['["/data"]', "/var/lib/app", '["/var/log/app", "/var/cache/app"]', "/data /config"]))]


def healthcheck(s: Style, port: str) -> Block:
    shape = s.pick(["shell", "json", "none", "cont"])
    if shape == "none":
        return [s.line("HEALTHCHECK", "NONE")]
    if shape == "json":
        return [s.line("HEALTHCHECK", f'--interval=30s --timeout=5s CMD ["wget", "-qO-", "http://127.0.0.1:{port}/health"]')]
    if shape == "cont":
        return s.instr_cont("HEALTHCHECK", "--interval=30s --timeout=3s --start-period=10s --retries=3", [f"CMD curl -fsS http://localhost:{port}/healthz || exit 1"])
    return [s.line("HEALTHCHECK", f"--start-interval=2s CMD curl -f http://localhost:{port}/ || exit 1")]


def command(s: Style, argv: list[str], entry: list[str] | None = None) -> Block:
    def as_json(words: list[str]) -> str:
        return "[" + ", ".join(f'"{w}"' for w in words) + "]"

    out: Block = []
    if entry:
        out.append(s.line("ENTRYPOINT", as_json(entry) if not s.mistake() else " ".join(entry)))
    if s.mistake():
        out.append(s.line("CMD", s.pick([" ".join(argv), "[" + ", ".join(f"'{w}'" for w in argv) + "]"])))
    else:
        out.append(s.line("CMD", as_json(argv)))
    return out


def misc_mistake(s: Style, app: str) -> Block:
    return s.pick([
        [s.line("RUN", f"cd /app && make {app}")],
        [s.line("MAINTAINER", f"{s.pick(data.ORGS)} <ops@example.com>")],
        [s.line("RUN", "sudo chown -R app:app /app")],
        [s.line("RUN", f"cd /tmp && wget https://example.com/{app}.tgz && tar xzf {app}.tgz")],
        [s.line("RUN", "apt-get update")],
        [s.line("RUN", "export PATH=/opt/bin:$PATH")],
        [s.line("RUN", "chmod -R 777 /app")],
        [s.line("EXPOSE", "99999")],
    ])


def comment(s: Style) -> Block:
    return ["# " + s.pick(data.COMMENTS)]


def onbuild(s: Style) -> Block:
    return s.sample([
        s.line("ONBUILD", "COPY . /usr/src/app"), s.line("ONBUILD", "RUN npm install"),
        s.line("ONBUILD", "ARG APP_ENV=production"), s.line("ONBUILD", "RUN make -C /usr/src/app build"),
        s.line("ONBUILD", "COPY --chown=app:app requirements.txt /tmp/"), s.line("ONBUILD", "WORKDIR /usr/src/app"),
    ], 1, 4)


# -- Windows ------------------------------------------------------------------------------------


def windows_steps(s: Style, app: str) -> list[Block]:
    """PowerShell steps with backtick continuations, as in Windows images."""
    e = s.escape
    sep = "\\\\" if e == "\\" else "\\"
    return [
        [s.line("SHELL", '["powershell", "-Command", "$ErrorActionPreference = \'Stop\'; $ProgressPreference = \'SilentlyContinue\';"]')],
        [s.line("ENV", "GIT_VERSION=2.45.2"), s.line("ENV", f"APP_HOME=C:{sep}{app}")],
        s.cont(s.line("RUN", "Invoke-WebRequest -Uri \"https://github.com/git-for-windows/git/releases/download/v${env:GIT_VERSION}.windows.1/MinGit-${env:GIT_VERSION}-64-bit.zip\" -OutFile git.zip;"),
               ["Expand-Archive git.zip -DestinationPath C:\\git;", "Remove-Item git.zip -Force;", "$env:PATH = 'C:\\git\\cmd;' + $env:PATH;", "[Environment]::SetEnvironmentVariable('PATH', $env:PATH, [EnvironmentVariableTarget]::Machine)"]),
        [s.line("RUN", "choco install -y nodejs-lts --version=20.15.0") if not s.mistake() else s.line("RUN", "choco install nodejs")],
        [s.line("WORKDIR", f"C:{sep}{app}")],
        [s.line("COPY", f"{app}.csproj .")],
        [s.line("RUN", "dotnet restore")],
        [s.line("COPY", ". .")],
        s.cont(s.line("RUN", "dotnet publish -c Release"), ["-o C:\\out", "--no-restore"]),
        [s.line("EXPOSE", "80")],
        [s.line("USER", "ContainerUser")],
    ]
