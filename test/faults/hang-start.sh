#!/bin/bash
# Test fixture (fault): start never answers (sleeps far past any call timeout); every other call is runc's.
. "$(dirname "$0")/fault-lib.sh"
[ "$lc_sub" = start ] && fault_hang
exec "$real" "$@"
