#!/usr/bin/env bash
# The Debian base every stand-in image starts from (registries are out of reach, so no
# `FROM debian`): debootstrap from the apt mirror, then `podman import`. Built once.
source "$(dirname "$0")/lib.sh"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
if have_image "$BASE_IMAGE" && [[ "${1:-}" != --rebuild ]]; then exit 0; fi
command -v debootstrap >/dev/null || { log "debootstrap is needed: apt-get install -y debootstrap"; exit 1; }
rootfs="$WORK/rootfs"
rm -rf "$rootfs"
log "debootstrap bookworm from $MIRROR"
debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$WORK/debootstrap.log"
# Like the official debian image: services never start inside a build, no package cache.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
echo 'APT::Install-Recommends "false";' >"$rootfs/etc/apt/apt.conf.d/90chorus"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" >/dev/null
rm -rf "$rootfs"
log "built $BASE_IMAGE"
