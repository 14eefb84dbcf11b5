#!/bin/bash
# Test fixture (lifecycle): start reads config.json again: it deletes the created container and creates it anew from the bundle before starting it.
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = start ] && [ ${#lc_pos[@]} -gt 0 ]; then
  id="${lc_pos[0]}"
  bundle=$("$real" "${lc_global[@]}" state "$id" 2>/dev/null | sed -nE 's/.*"bundle": *"([^"]*)".*/\1/p')
  if [ -n "$bundle" ]; then
    "$real" "${lc_global[@]}" delete --force "$id" >/dev/null 2>&1
    "$real" "${lc_global[@]}" create --bundle "$bundle" "$id" </dev/null >/dev/null 2>&1
  fi
fi
exec "$real" "$@"
