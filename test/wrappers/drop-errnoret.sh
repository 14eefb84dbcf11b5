#!/bin/sh
# Test fixture: a runc wrapper that drops linux.seccomp.defaultErrnoRet and every rule's errnoRet from
# config.json on create, then runs runc. security.seccomp-errnoret-invalid must fail against it.
DROP_JS='const s = c.linux && c.linux.seccomp; if (s) { delete s.defaultErrnoRet; for (const r of s.syscalls || []) delete r.errnoRet; }'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
