#!/bin/sh
# Test fixture: a runc wrapper that drops the uts entry of linux.namespaces from config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='c.linux.namespaces = (c.linux.namespaces || []).filter((n) => n.type !== "uts");'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
