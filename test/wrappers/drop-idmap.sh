#!/bin/sh
# Test fixture: a runc wrapper that drops the idmap and ridmap mount options in config.json on create (as a
# runtime mounting them unmapped would), then runs runc. A conformance case about idmap must fail against it.
DROP_JS='for (const m of c.mounts || []) if (m.options) m.options = m.options.filter((o) => o !== "idmap" && o !== "ridmap");'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
