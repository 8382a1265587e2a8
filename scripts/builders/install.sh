#!/usr/bin/env bash
# Install what the real builders need, only what is missing (idempotent):
# Debian's docker.io (dockerd 20.10 + its client), buildah, qemu-user-static,
# and the busybox-static .debs for amd64 and arm64 used for the base images.
set -euo pipefail
. "$(dirname "$0")/common.sh"

packages=()
command -v dockerd >/dev/null && [ -x "$ENGINE_CLIENT" ] || packages+=(docker.io)
command -v buildah >/dev/null || packages+=(buildah)
[ -x /usr/bin/qemu-aarch64-static ] || packages+=(qemu-user-static)

mkdir -p "$CACHE_DIR"
debs_missing=()
for arch in amd64 arm64; do
    compgen -G "$CACHE_DIR/busybox-static_*_$arch.deb" >/dev/null || debs_missing+=("$arch")
done

if [ ${#packages[@]} -eq 0 ] && [ ${#debs_missing[@]} -eq 0 ]; then
    say "packages: all present"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    say "missing: ${packages[*]} busybox-static(${debs_missing[*]}); run as root to install them"
    exit 1
fi

if [[ " ${debs_missing[*]} " == *" arm64 "* ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    # Only to download busybox-static:arm64; nothing arm64 is installed on the host.
    dpkg --add-architecture arm64
fi
apt-get update -qq
if [ ${#packages[@]} -gt 0 ]; then
    say "apt-get install ${packages[*]}"
    # --no-install-recommends: git, apparmor, fuse-overlayfs... are not needed here.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
for arch in "${debs_missing[@]}"; do
    # arm64 is optional: without its .deb there is simply no arm64 base image.
    (cd "$CACHE_DIR" && apt-get download -qq -o APT::Sandbox::User=root "busybox-static:$arch") ||
        { [ "$arch" = arm64 ] && say "could not download busybox-static:arm64"; } ||
        exit 1
done
