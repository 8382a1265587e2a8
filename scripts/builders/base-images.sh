#!/usr/bin/env bash
# Build the local base images dflint-test/busybox:{amd64,arm64,latest} in the
# running engine and load them into buildah's private vfs storage. Nothing can
# be pulled here, so tests use only these. Idempotent: images already present
# are kept.
set -euo pipefail
. "$(dirname "$0")/common.sh"

# Lay out a busybox root filesystem from a busybox-static .deb. The applet list
# comes from the host's (amd64) busybox of the same version, so the arm64
# rootfs needs no emulator to be made.
make_rootfs() {
    local deb=$1 ctx=$2 applets=$3
    rm -rf "$ctx"
    mkdir -p "$ctx/unpacked" "$ctx/rootfs/bin" "$ctx/rootfs/tmp" "$ctx/rootfs/etc" "$ctx/rootfs/root"
    dpkg-deb -x "$deb" "$ctx/unpacked"
    cp "$ctx/unpacked/bin/busybox" "$ctx/rootfs/bin/busybox"
    rm -rf "$ctx/unpacked"
    for applet in $applets; do
        [ "$applet" = busybox ] || ln -sf busybox "$ctx/rootfs/bin/$applet"
    done
    chmod 1777 "$ctx/rootfs/tmp"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$ctx/rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$ctx/rootfs/etc/group"
    # FROM scratch has no PATH; legacy builder, BuildKit and buildah differ in
    # their fallback, so set it once here.
    printf 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nCMD ["sh"]\n' >"$ctx/Dockerfile"
}

deb_for() { compgen -G "$CACHE_DIR/busybox-static_*_$1.deb" | head -n1; }

amd64_deb=$(deb_for amd64)
[ -n "$amd64_deb" ] || { say "no busybox-static amd64 .deb in $CACHE_DIR (run install.sh)"; exit 1; }
# Extract the amd64 binary once, to list applets (it runs on this host).
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
dpkg-deb -x "$amd64_deb" "$probe"
applets=$("$probe/bin/busybox" --list)

for arch in amd64 arm64; do
    tag="$BASE_IMAGE:$arch"
    if engine image inspect "$tag" >/dev/null 2>&1; then
        continue
    fi
    deb=$(deb_for "$arch")
    if [ -z "$deb" ]; then
        say "no busybox-static $arch .deb: $tag not built"
        continue
    fi
    ctx="$BUILDERS_DIR/base-$arch"
    make_rootfs "$deb" "$ctx" "$applets"
    # BuildKit with --platform records the platform in the image config
    # (docker import would leave it empty).
    DOCKER_BUILDKIT=1 engine build -q --platform "linux/$arch" -t "$tag" "$ctx" >/dev/null
    rm -rf "$ctx"
done
engine tag "$BASE_IMAGE:amd64" "$BASE_IMAGE:latest"

for arch in amd64 arm64; do
    tag="$BASE_IMAGE:$arch"
    engine image inspect "$tag" >/dev/null 2>&1 || continue
    if buildah_private inspect --type image "$tag" >/dev/null 2>&1; then
        continue
    fi
    archive="$BUILDERS_DIR/busybox-$arch.tar"
    engine save "$tag" -o "$archive"
    buildah_private pull -q --platform "linux/$arch" "docker-archive:$archive" >/dev/null
    rm -f "$archive"
done
if ! buildah_private inspect --type image "$BASE_IMAGE:latest" >/dev/null 2>&1; then
    buildah_private tag "$BASE_IMAGE:amd64" "$BASE_IMAGE:latest"
fi
