#!/usr/bin/env bash
# Register QEMU's aarch64 interpreter with binfmt_misc so arm64 images run.
# Exit 0 when aarch64 binaries can run. Otherwise print the reason and exit
# 1 when this host cannot do it (no binfmt_misc, no privilege: arm64 is then
# simply unavailable) or 2 when our own setup is missing (qemu-user-static).
set -uo pipefail

BINFMT=/proc/sys/fs/binfmt_misc
CONF=/usr/lib/binfmt.d/qemu-aarch64.conf

if [ "$(uname -m)" = aarch64 ]; then
    exit 0
fi
if [ ! -e "$BINFMT/register" ]; then
    mount -t binfmt_misc binfmt_misc "$BINFMT" 2>/dev/null
fi
if [ ! -e "$BINFMT/register" ]; then
    echo "binfmt_misc is not mounted and cannot be mounted here"
    exit 1
fi
if [ -e "$BINFMT/qemu-aarch64" ]; then
    exit 0
fi
if [ ! -r "$CONF" ]; then
    echo "$CONF missing (qemu-user-static not installed)"
    exit 2
fi
if ! err=$(cat "$CONF" 2>&1 >"$BINFMT/register"); then
    echo "registering $CONF failed: $err"
    exit 1
fi
[ -e "$BINFMT/qemu-aarch64" ] || { echo "registration of qemu-aarch64 did not appear in $BINFMT"; exit 1; }
