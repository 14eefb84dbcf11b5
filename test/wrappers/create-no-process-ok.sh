#!/bin/bash
# Test fixture (lifecycle): create gives a config without process a process of its own (the probe exiting 0).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = create ]; then
  lc_edit_config 'if (!c.process) c.process = { cwd: "/", args: ["/probe", "exit", "0"], env: ["PATH=/"], user: { uid: 0, gid: 0 } };'
fi
exec "$real" "$@"
