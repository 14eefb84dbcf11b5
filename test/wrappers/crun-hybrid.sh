#!/bin/sh
# Runs crun in a private mount namespace without the cgroup2 mount of a hybrid host: crun 1.8.1 refuses
# hybrid hierarchies ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2") and
# then manages the v1 controllers only. Usage: oci-conform run --runtime=test/wrappers/crun-hybrid.sh
# CRUN names the binary (default: crun on PATH). The unmount is private to the namespace.
exec unshare -m sh -c 'if mountpoint -q /sys/fs/cgroup/unified 2>/dev/null; then umount /sys/fs/cgroup/unified; fi; exec "${CRUN:-crun}" "$@"' sh "$@"
