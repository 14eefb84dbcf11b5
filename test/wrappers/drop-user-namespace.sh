#!/bin/sh
# Test fixture: a runc wrapper that drops the user entry of linux.namespaces and the uid/gid mappings from
# config.json on create, then runs runc. The user-mappings case must fail against it.
DROP_JS='c.linux.namespaces = (c.linux.namespaces || []).filter((n) => n.type !== "user"); delete c.linux.uidMappings; delete c.linux.gidMappings;'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
