#!/bin/sh
# Test fixture: a runc wrapper that, on create, drops the path of every linux.namespaces entry (so a new
# namespace is made instead of joining) and every repeated type, then runs runc. The path-join,
# path-wrong-type and duplicate-error cases must fail against it.
DROP_JS='
const seen = new Set();
c.linux.namespaces = (c.linux.namespaces || [])
  .filter((n) => !seen.has(n.type) && seen.add(n.type))
  .map((n) => ({ type: n.type }));
'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
