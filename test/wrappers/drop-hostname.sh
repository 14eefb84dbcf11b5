#!/bin/sh
# Test fixture: a runc wrapper that drops hostname from config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='delete c.hostname;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
