#!/bin/bash
# Test fixture (lifecycle): kill exits 0 and sends no signal.
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
[ "$lc_sub" = kill ] && exit 0
exec "$real" "$@"
