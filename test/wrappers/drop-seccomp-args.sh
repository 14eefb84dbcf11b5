#!/bin/sh
# Test fixture: a runc wrapper that drops the args conditions of linux.seccomp.syscalls from config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='for (const r of (c.linux.seccomp && c.linux.seccomp.syscalls) || []) delete r.args;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
