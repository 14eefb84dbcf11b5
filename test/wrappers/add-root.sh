#!/bin/sh
# Test fixture: a runc wrapper that puts back a missing root (as a runtime accepting a config without root would) in config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='if (c.root === undefined) c.root = { path: "rootfs" };'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
