#!/bin/sh
# Test fixture: a runc wrapper that drops the listed order of the mounts under /mnt (it reverses them) in
# config.json on create, then runs runc. A conformance case about mount order must fail against it.
DROP_JS='const m = c.mounts || []; const mnt = m.filter((x) => x.destination.startsWith("/mnt/")).reverse(); c.mounts = m.filter((x) => !x.destination.startsWith("/mnt/")).concat(mnt);'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
