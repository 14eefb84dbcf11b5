#!/bin/bash
# Test fixture (fault): delete never answers (sleeps far past any call timeout); every other call is runc's.
. "$(dirname "$0")/fault-lib.sh"
[ "$lc_sub" = delete ] && fault_hang
exec "$real" "$@"
