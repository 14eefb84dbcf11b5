#!/bin/bash
# Test fixture (fault): state exits 0 after printing 64 MiB (not JSON) on stdout; the caller must keep a
# bounded part of it and not run out of memory.
. "$(dirname "$0")/fault-lib.sh"
if [ "$lc_sub" = state ]; then
  head -c 67108864 /dev/zero | tr '\0' x
  exit 0
fi
exec "$real" "$@"
