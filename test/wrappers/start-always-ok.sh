#!/bin/bash
# Test fixture (lifecycle): start exits 0 whatever happened (on a running, stopped or unknown container, or without an id).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = start ]; then
  "$real" "$@"
  exit 0
fi
exec "$real" "$@"
