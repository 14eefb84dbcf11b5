#!/bin/sh
# Test fixture: a runc wrapper that drops linux.netDevices from config.json on create, then runs runc.
# The network cases must fail against it.
DROP_JS='delete c.linux.netDevices;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
