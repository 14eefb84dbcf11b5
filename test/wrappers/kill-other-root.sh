#!/bin/bash
# Test fixture (lifecycle): kill looks for the container under another --root (a fresh empty directory),
# so it cannot act on what create made; state calls a created container "ready" (a runtime-defined name
# for a state the spec already names).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = kill ]; then
  other=$(mktemp -d)
  "$real" --root "$other" kill "${lc_pos[@]}"
  rc=$?
  rm -rf "$other"
  exit $rc
fi
if [ "$lc_sub" = state ]; then
  out=$("$real" "$@")
  rc=$?
  printf '%s\n' "$out" | sed -E 's/"status": *"created"/"status": "ready"/'
  exit $rc
fi
exec "$real" "$@"
