#!/bin/sh
# Test fixture: a runc wrapper that drops linux.intelRdt from config.json on create, then runs runc.
# The rdt cases must fail against it.
DROP_JS='delete c.linux.intelRdt;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
