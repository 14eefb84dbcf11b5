#!/bin/sh
# Test fixture: a runc wrapper that reverses linux.resources.devices on create, then runs runc.
# A case about the order of the device rules must fail against it.
DROP_JS='if (c.linux.resources && c.linux.resources.devices) c.linux.resources.devices.reverse();'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
