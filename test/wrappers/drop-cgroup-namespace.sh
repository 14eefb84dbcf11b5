#!/bin/sh
# Test fixture: a runc wrapper that drops the cgroup entry of linux.namespaces from config.json on create,
# then runs runc. The cgroup-view case must fail against it.
DROP_JS='c.linux.namespaces = (c.linux.namespaces || []).filter((n) => n.type !== "cgroup");'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
