#!/bin/sh
# Test fixture: a runc wrapper that turns process.terminal off and drops consoleSize in config.json on
# create, then runs runc. process.terminal must fail against it.
DROP_JS='c.process.terminal = false; delete c.process.consoleSize;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
