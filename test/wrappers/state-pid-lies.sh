#!/bin/bash
# Test fixture (lifecycle): state reports pid 1 (not the container process) for every container.
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = state ]; then
  out=$("$real" "$@")
  rc=$?
  printf '%s\n' "$out" | sed -E 's/"pid": *[0-9]+/"pid": 1/'
  exit $rc
fi
exec "$real" "$@"
