#!/bin/sh
# Test fixture: a runc wrapper that adds /dev/console to linux.maskedPaths in config.json on create, so
# that /dev/null hides the pty slave the runtime bound there; process.terminal's console check must fail.
DROP_JS='c.linux = c.linux || {}; c.linux.maskedPaths = [...(c.linux.maskedPaths || []), "/dev/console"];'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
