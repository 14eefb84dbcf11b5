#!/bin/bash
# Test fixture (fault): state never answers (sleeps far past any call timeout); every other call is runc's.
. "$(dirname "$0")/fault-lib.sh"
[ "$lc_sub" = state ] && fault_hang
exec "$real" "$@"
