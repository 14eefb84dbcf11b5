#!/bin/sh
# Test fixture: a runc wrapper that drops every process.env entry but PATH from config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='c.process.env = (c.process.env || []).filter((e) => e.startsWith("PATH="));'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
