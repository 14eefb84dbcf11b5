#!/bin/bash
# Test fixture (lifecycle): create also starts the user program (runs start right after create).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = create ]; then
  "$real" "$@" || exit $?
  "$real" "${lc_global[@]}" start "${lc_pos[0]}" </dev/null >/dev/null 2>&1
  exit 0
fi
exec "$real" "$@"
