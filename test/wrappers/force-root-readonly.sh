#!/bin/sh
# Test fixture: a runc wrapper that makes root read-only when root.readonly is left out (a wrong default) in config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='if (c.root && c.root.readonly === undefined) c.root.readonly = true;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
