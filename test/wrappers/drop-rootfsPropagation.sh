#!/bin/sh
# Test fixture: a runc wrapper that drops linux.rootfsPropagation in config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='if (c.linux) delete c.linux.rootfsPropagation;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
