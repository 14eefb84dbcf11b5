#!/bin/bash
# Test fixture (lifecycle): state reports the bundle as a relative path (the leading / dropped).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = state ]; then
  out=$("$real" "$@")
  rc=$?
  printf '%s\n' "$out" | sed -E 's#"bundle": *"/#"bundle": "#'
  exit $rc
fi
exec "$real" "$@"
