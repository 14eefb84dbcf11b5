#!/bin/sh
# Test fixture: a runc wrapper that drops what lifecycle.create.applies-config checks after create from
# config.json (the hostname, the tmpfs at /oci-conform-created, the pids limit, the uts namespace),
# then runs runc: the created container lacks them.
DROP_JS='delete c.hostname; c.mounts = (c.mounts || []).filter((m) => m.destination !== "/oci-conform-created"); if (c.linux && c.linux.resources) delete c.linux.resources.pids; if (c.linux) c.linux.namespaces = (c.linux.namespaces || []).filter((n) => n.type !== "uts");'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
