#!/bin/bash
# Test fixture (lifecycle): delete (without --force) exits 0 and deletes nothing.
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
[ "$lc_sub" = delete ] && [ "$lc_force" = 0 ] && exit 0
exec "$real" "$@"
