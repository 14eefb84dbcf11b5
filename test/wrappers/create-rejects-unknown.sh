#!/bin/bash
# Test fixture (lifecycle): create refuses a config with a top-level property the spec does not define.
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = create ]; then
  LC_CONFIG="${lc_bundle:-$PWD}/config.json" node -e '
    const c = JSON.parse(require("fs").readFileSync(process.env.LC_CONFIG, "utf8"));
    const known = ["ociVersion", "process", "root", "hostname", "domainname", "mounts", "hooks", "annotations", "linux", "solaris", "windows", "vm", "zos"];
    const unknown = Object.keys(c).filter((k) => !known.includes(k));
    if (unknown.length) { console.error("unknown property " + unknown.join(", ")); process.exit(1); }
  ' || exit 1
fi
exec "$real" "$@"
