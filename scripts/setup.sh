#!/usr/bin/env bash
# Installs everything oci-conform needs on a fresh Debian/Ubuntu machine (as root), then builds it.
# Idempotent: a second run only rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."
# qemu-system-x86, linux-image-amd64 and busybox-static: the guests of scripts/vm.sh (cgroup v2 and v1 runs).
pkgs=(runc crun umoci skopeo libxml2-utils zstd gcc libc6-dev make qemu-system-x86 linux-image-amd64 busybox-static)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "setup: need root to install: ${missing[*]}" >&2; exit 3; fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
npm ci --no-audit --no-fund
npm run build
