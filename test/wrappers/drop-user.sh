#!/bin/sh
# Test fixture: a runc wrapper that drops process.user uid, additionalGids and umask from config.json on create, then runs runc.
# A conformance case about that setting must fail against it.
DROP_JS='delete c.process.user.uid; delete c.process.user.additionalGids; delete c.process.user.umask;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
