#!/bin/bash
# Test fixture (lifecycle): state of an unknown id, or without an id, prints a made-up stopped state and exits 0.
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = state ]; then
  "$real" "$@" && exit 0
  printf '{"ociVersion": "1.0.2", "id": "%s", "status": "stopped", "bundle": "/"}\n' "${lc_pos[0]}"
  exit 0
fi
exec "$real" "$@"
