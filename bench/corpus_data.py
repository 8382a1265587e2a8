"""Vocabulary for the corpus generator: images, packages, versions and names people really use.

Kept apart from the generator so the shapes (corpus_steps) read without a wall of data.
"""

DEBIAN_IMAGES = [
    "debian:bookworm-slim", "debian:bookworm", "debian:bullseye-slim", "debian:12-slim",
    "debian:trixie-slim", "buildpack-deps:bookworm-curl", "buildpack-deps:bookworm-scm",
]
UBUNTU_IMAGES = ["ubuntu:22.04", "ubuntu:24.04", "ubuntu:jammy", "ubuntu:noble", "ubuntu:20.04"]
ALPINE_IMAGES = ["alpine:3.20", "alpine:3.19", "alpine:3.18", "alpine:3.21"]
RHEL_IMAGES = [
    "fedora:40", "rockylinux:9", "almalinux:9-minimal", "amazonlinux:2023", "centos:7",
    "registry.access.redhat.com/ubi9/ubi-minimal:9.4", "registry.access.redhat.com/ubi8/ubi:8.10",
]
PYTHON_IMAGES = ["python:3.12-slim", "python:3.11-slim-bookworm", "python:3.12-alpine", "python:3.10", "python:3.13-slim"]
NODE_IMAGES = ["node:20-alpine", "node:22-bookworm-slim", "node:18", "node:20-slim", "node:lts-alpine"]
GO_IMAGES = ["golang:1.22-alpine", "golang:1.23-bookworm", "golang:1.21", "golang:1.23-alpine3.20"]
RUST_IMAGES = ["rust:1.79-slim", "rust:1.80-alpine", "rust:1.78-bookworm", "rust:1-slim-bookworm"]
JAVA_BUILD_IMAGES = ["maven:3.9-eclipse-temurin-21", "gradle:8.8-jdk21", "maven:3.9.6-eclipse-temurin-17", "eclipse-temurin:21-jdk"]
JAVA_RUNTIME_IMAGES = ["eclipse-temurin:21-jre-alpine", "eclipse-temurin:17-jre", "amazoncorretto:21-alpine"]
RUBY_IMAGES = ["ruby:3.3-slim", "ruby:3.2-alpine", "ruby:3.3-bookworm"]
RUNTIME_IMAGES = [
    "gcr.io/distroless/static-debian12:nonroot", "gcr.io/distroless/base-debian12",
    "gcr.io/distroless/cc-debian12", "scratch", "alpine:3.20", "debian:bookworm-slim",
]
WINDOWS_IMAGES = [
    "mcr.microsoft.com/windows/servercore:ltsc2022", "mcr.microsoft.com/windows/nanoserver:ltsc2022",
    "mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-ltsc2022", "mcr.microsoft.com/dotnet/framework/sdk:4.8",
    "mcr.microsoft.com/powershell:lts-windowsservercore-ltsc2022",
]
DOTNET_RUNTIME_WINDOWS = ["mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022", "mcr.microsoft.com/dotnet/runtime:8.0-nanoserver-1809"]
UNPINNED_IMAGES = ["ubuntu", "debian:latest", "node:latest", "python", "alpine:latest", "nginx", "centos:latest"]

APT_PACKAGES = [
    "ca-certificates", "curl", "wget", "git", "gnupg", "dirmngr", "unzip", "xz-utils", "bzip2",
    "build-essential", "gcc", "g++", "make", "cmake", "pkg-config", "libssl-dev", "libffi-dev",
    "libpq-dev", "libxml2-dev", "zlib1g-dev", "libjpeg62-turbo-dev", "libpng-dev", "tzdata",
    "locales", "procps", "netbase", "openssh-client", "jq", "tini", "dumb-init", "gosu", "less",
    "vim-tiny", "iproute2", "iputils-ping", "sqlite3", "postgresql-client", "default-libmysqlclient-dev",
    "python3", "python3-pip", "python3-venv", "ffmpeg", "imagemagick", "fonts-liberation", "file",
]
APT_PINS = {
    "curl": "7.88.1-10+deb12u7", "git": "1:2.39.5-0+deb12u1", "ca-certificates": "20230311",
    "wget": "1.21.3-1+b2", "jq": "1.6-2.1", "tini": "0.19.0-1", "gnupg": "2.2.40-1.1",
    "libpq-dev": "15.8-0+deb12u1", "tzdata": "2024a-0+deb12u1", "python3": "3.11.2-1+b1",
}
APK_PACKAGES = [
    "ca-certificates", "curl", "git", "bash", "tzdata", "openssl", "su-exec", "tini", "libc6-compat",
    "build-base", "musl-dev", "linux-headers", "postgresql-dev", "jq", "shadow", "coreutils",
    "gcompat", "libstdc++", "openssh-client", "python3", "py3-pip", "nodejs", "npm", "file",
]
APK_PINS = {"curl": "8.9.1-r0", "git": "2.45.2-r0", "bash": "5.2.26-r0", "tzdata": "2024a-r1", "openssl": "3.3.2-r0", "ca-certificates": "20240705-r0"}
RPM_PACKAGES = [
    "ca-certificates", "curl-minimal", "git", "tar", "gzip", "gcc", "gcc-c++", "make", "shadow-utils",
    "procps-ng", "findutils", "which", "unzip", "openssl", "python3", "python3-pip", "java-21-openjdk-headless",
    "glibc-langpack-en", "hostname", "vim-minimal",
]
PIP_PACKAGES = [
    "flask", "gunicorn", "requests", "numpy", "pandas", "uvicorn[standard]", "fastapi", "psycopg2-binary",
    "django", "celery", "redis", "boto3", "pydantic", "sqlalchemy", "alembic", "pytest", "poetry", "pipenv",
]
PIP_PINS = {
    "flask": "3.0.3", "gunicorn": "22.0.0", "requests": "2.32.3", "numpy": "1.26.4", "pandas": "2.2.2",
    "fastapi": "0.111.0", "django": "5.0.6", "celery": "5.4.0", "redis": "5.0.7", "boto3": "1.34.144",
    "poetry": "1.8.3", "pipenv": "2024.0.1", "sqlalchemy": "2.0.31",
}
NPM_GLOBAL = ["pnpm@9.4.0", "yarn@1.22.22", "typescript@5.5.3", "pm2", "serve", "npm@10.8.1", "nodemon"]
GEMS = [("bundler", "2.5.14"), ("rails", "7.1.3"), ("puma", "6.4.2"), ("nokogiri", "1.16.6")]
GO_TOOLS = [
    "github.com/go-delve/delve/cmd/dlv@v1.23.0", "golang.org/x/tools/cmd/goimports@latest",
    "github.com/golangci/golangci-lint/cmd/golangci-lint@v1.59.1", "google.golang.org/protobuf/cmd/protoc-gen-go@v1.34.2",
    "github.com/air-verse/air@latest",
]

APP_NAMES = [
    "api", "web", "worker", "gateway", "billing", "auth", "frontend", "backend", "scheduler", "notifier",
    "indexer", "proxy", "exporter", "operator", "collector", "ingest", "search", "reports", "admin", "app",
]
ORGS = ["acme", "example", "contoso", "initech", "globex", "umbrella", "hooli", "stark", "wayne", "tyrell"]
PORTS = ["80", "443", "3000", "5000", "8000", "8080", "8081", "8443", "9000", "9090", "5432", "6379", "27017", "3306"]
USERS = [("app", "1000"), ("appuser", "10001"), ("nonroot", "65532"), ("node", "1000"), ("www-data", "33"), ("runner", "1001")]
LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-only", "MPL-2.0"]
TOOLS = [
    # (name, version, url template); {v} is the version, {arch} an architecture word
    ("gosu", "1.17", "https://github.com/tianon/gosu/releases/download/{v}/gosu-{arch}"),
    ("tini", "0.19.0", "https://github.com/krallin/tini/releases/download/v{v}/tini-{arch}"),
    ("kubectl", "1.30.2", "https://dl.k8s.io/release/v{v}/bin/linux/{arch}/kubectl"),
    ("helm", "3.15.2", "https://get.helm.sh/helm-v{v}-linux-{arch}.tar.gz"),
    ("yq", "4.44.2", "https://github.com/mikefarah/yq/releases/download/v{v}/yq_linux_{arch}"),
    ("terraform", "1.9.2", "https://releases.hashicorp.com/terraform/{v}/terraform_{v}_linux_{arch}.zip"),
    ("node_exporter", "1.8.1", "https://github.com/prometheus/node_exporter/releases/download/v{v}/node_exporter-{v}.linux-{arch}.tar.gz"),
    ("dockerize", "0.7.0", "https://github.com/jwilder/dockerize/releases/download/v{v}/dockerize-linux-{arch}-v{v}.tar.gz"),
]
SERVICES = [
    # (name, version, port, data dir) for official-image-like files
    ("redis", "7.2.5", "6379", "/data"), ("memcached", "1.6.29", "11211", ""), ("nginx", "1.27.0", "80", ""),
    ("postgres", "16.3", "5432", "/var/lib/postgresql/data"), ("mongo", "7.0.12", "27017", "/data/db"),
    ("rabbitmq", "3.13.4", "5672", "/var/lib/rabbitmq"), ("haproxy", "3.0.2", "8404", ""),
    ("httpd", "2.4.61", "80", ""), ("ghost", "5.87.1", "2368", "/var/lib/ghost/content"),
    ("influxdb", "2.7.7", "8086", "/var/lib/influxdb2"), ("consul", "1.19.1", "8500", "/consul/data"),
]
GPG_KEYS = [
    "B42F6819007F00F88E364FD4036A9C25BF357DD4", "A2F683C52980AECF", "7953AC1FBC3DC8B3B292393ED5E9E43F7DF9EE8C",
    "0A0E1F4D9C5E6B2B9E1D2A7F5C3B8E9D1A2B3C4D", "6380DC428747F6C393FEACA59A84159D7001A4E5",
]
SHA256_SAMPLES = [
    "9c0da20bbeb95e3e1ce2aaa4d77a8d1bad6cb5b4fa0d2b2de1a3d2e7a5e4a6f3",
    "6c4c1a5f5ef3c6a9e0d0c6e0a9d38f8e0e2a1c1b6e1f0e6d4b0b6b1a2c3d4e5f",
    "3fb2a0c1e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0",
    "e2b5a5d1f7a6c3b8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2",
]
SYNTAX_LINES = [
    "docker/dockerfile:1", "docker/dockerfile:1", "docker/dockerfile:1", "docker/dockerfile:1.4",
    "docker/dockerfile:1.7", "docker/dockerfile:1-labs", "docker/dockerfile:1.7-labs", "docker/dockerfile:1.10",
    "docker/dockerfile:1.3", "docker/dockerfile-upstream:master",
]
CHECK_LINES = ["skip=JSONArgsRecommended", "error=true", "skip=all", "skip=LegacyKeyValueFormat,StageNameCasing"]
COMMENTS = [
    "Install build dependencies", "hadolint ignore=DL3008", "TODO: pin versions", "Keep this layer small",
    "see https://github.com/docker-library/official-images", "Create a non-root user", "Cache dependencies first",
    "Build the application", "Runtime image", "NOTE: order matters for layer caching", "Copy the rest of the source",
    "Download and verify the release", "Clean up", "Healthcheck for orchestrators", "Set the locale",
    "FIXME: this should not run as root", "Expose the default port", "Configure the entrypoint",
]
