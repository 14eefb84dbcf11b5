#!/bin/sh
# Test fixture: a runc wrapper that drops the user entry of linux.namespaces and the uid/gid mappings from
# config.json on create and chowns the rootfs to the first mapped host ids instead, then runs runc. The
# user-mappings case must fail against it.
DROP_JS='
const fs = require("fs");
const path = require("path");
const m = (c.linux.uidMappings || [])[0];
const g = (c.linux.gidMappings || [])[0];
if (m && g) fs.chownSync(path.resolve(path.dirname(process.env.DROP_CONFIG), c.root.path), m.hostID, g.hostID);
c.linux.namespaces = (c.linux.namespaces || []).filter((n) => n.type !== "user");
delete c.linux.uidMappings;
delete c.linux.gidMappings;
'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
