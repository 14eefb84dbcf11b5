#!/bin/sh
# Test fixture: a runc wrapper that drops linux.cgroupsPath from config.json on create (the runtime then
# picks its default place), then runs runc. Cases about where cgroupsPath puts the container must fail.
DROP_JS='delete c.linux.cgroupsPath;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
