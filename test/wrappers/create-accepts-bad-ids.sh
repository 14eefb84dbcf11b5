#!/bin/bash
# Test fixture (lifecycle): create without an id, with an empty id or with an id in use exits 0 (and makes nothing).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = create ]; then
  [ ${#lc_pos[@]} = 0 ] && exit 0
  [ -z "${lc_pos[0]}" ] && exit 0
  "$real" "${lc_global[@]}" state "${lc_pos[0]}" >/dev/null 2>&1 && exit 0
fi
exec "$real" "$@"
