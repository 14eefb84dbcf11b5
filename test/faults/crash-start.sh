#!/bin/bash
# Test fixture (fault): start dies by SIGSEGV before it runs anything (the container stays created).
. "$(dirname "$0")/fault-lib.sh"
[ "$lc_sub" = start ] && fault_crash SEGV
exec "$real" "$@"
