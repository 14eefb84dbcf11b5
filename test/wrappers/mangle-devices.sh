#!/bin/sh
# Test fixture: a runc wrapper that mangles linux.devices on create (drops the fifo, every device outside
# /dev and every device whose path already exists in the rootfs; gives the rest mode 0600 and owner 0:0),
# then runs runc. The devices cases must fail against it.
DROP_JS='
const fs = require("fs");
const path = require("path");
const rootfs = path.resolve(path.dirname(process.env.DROP_CONFIG), c.root.path);
c.linux.devices = (c.linux.devices || [])
  .filter((d) => d.type !== "p" && d.path.startsWith("/dev/") && !fs.existsSync(path.join(rootfs, d.path)))
  .map((d) => ({ ...d, fileMode: 0o600, uid: 0, gid: 0 }));
'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
