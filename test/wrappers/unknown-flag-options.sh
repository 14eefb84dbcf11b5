#!/bin/sh
# Test fixture: a runc wrapper that turns the flag options defaults, iversion, noiversion, silent, loud,
# nosymfollow and symfollow of mounts under /mnt into unknown words in config.json on create (as a runtime
# passing them to mount(2) as filesystem data would), then runs runc. The case about them must fail.
DROP_JS='const flags = ["defaults", "iversion", "noiversion", "silent", "loud", "nosymfollow", "symfollow"]; for (const m of c.mounts || []) if (m.destination.startsWith("/mnt/") && m.options) m.options = m.options.map((o) => (flags.includes(o) ? "x-" + o : o));'
export DROP_JS
. "$(dirname "$0")/drop-lib.sh"
drop_main "$@"
