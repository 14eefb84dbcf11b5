#!/bin/sh
# Test fixture: a runc wrapper that drops linux.resources from config.json on create (no limits at all),
# then runs runc. Every case that reads a resource back, or expects a setting refused, must fail against it.
DROP_JS='delete c.linux.resources;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
