#!/bin/bash
# Test fixture (lifecycle): delete always deletes, as with --force (a running or created container too).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = delete ] && [ "$lc_force" = 0 ]; then
  exec "$real" "${lc_global[@]}" delete --force "${lc_pos[@]}"
fi
exec "$real" "$@"
