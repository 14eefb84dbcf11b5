#!/bin/bash
# Test fixture (lifecycle): state reports status running for a created or stopped container.
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = state ]; then
  out=$("$real" "$@")
  rc=$?
  printf '%s\n' "$out" | sed -E 's/"status": *"(created|stopped)"/"status": "running"/'
  exit $rc
fi
exec "$real" "$@"
