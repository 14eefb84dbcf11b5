#!/bin/sh
# Test fixture: a runc wrapper that resolves relative mount destinations against /oci-moved instead of / in config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='for (const m of c.mounts || []) if (!m.destination.startsWith("/")) m.destination = "/oci-moved/" + m.destination;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
