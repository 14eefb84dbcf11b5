#!/bin/sh
# Test fixture: a runc wrapper that drops the options of mounts under /mnt from config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='for (const m of c.mounts || []) if (m.destination.startsWith("/mnt/")) delete m.options;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
