#!/bin/sh
# Test fixture: a runc wrapper that removes process.scheduler and process.ioPriority from config.json on
# create, then runs runc: the container keeps the runtime's own policy and I/O priority.
DROP_JS='delete c.process.scheduler; delete c.process.ioPriority;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
