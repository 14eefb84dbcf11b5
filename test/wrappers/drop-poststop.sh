#!/bin/sh
# Test fixture: a runc wrapper that drops the poststop hooks from config.json on create, then runs runc.
# With the runc baseline, hooks.order-and-state must be reported as a new failure (not an expected one).
DROP_JS='if (c.hooks) delete c.hooks.poststop;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
