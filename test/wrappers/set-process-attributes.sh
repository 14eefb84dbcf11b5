#!/bin/sh
# Test fixture: a runc wrapper that sets process.oomScoreAdj and process.user.umask in config.json on create
# (values the caller does not have), then runs runc. process.defaults must fail against it.
DROP_JS='c.process.oomScoreAdj = 777; c.process.user.umask = 63;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
