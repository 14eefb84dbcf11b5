#!/bin/sh
# Test fixture: a runc wrapper that removes the harness's made-up capability names (CAP_OCI_CONFORM_*)
# from config.json on create, then runs runc: the runtime has nothing to warn about.
DROP_JS='for (const k of Object.keys(c.process.capabilities || {})) c.process.capabilities[k] = c.process.capabilities[k].filter((n) => !n.startsWith("CAP_OCI_CONFORM_"));'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
