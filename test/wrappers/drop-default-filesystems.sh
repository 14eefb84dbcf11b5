#!/bin/sh
# Test fixture: a runc wrapper that drops the /sys, /dev/pts and /dev/shm mounts in config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='c.mounts = (c.mounts || []).filter((m) => !["/sys", "/dev/pts", "/dev/shm"].includes(m.destination));'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
