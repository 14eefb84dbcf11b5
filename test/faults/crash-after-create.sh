#!/bin/bash
# Test fixture (fault): create makes the container (runc create succeeds), then dies by SIGSEGV before
# answering: the caller sees a crash but a container exists and must still be torn down.
. "$(dirname "$0")/fault-lib.sh"
if [ "$lc_sub" = create ]; then
  "$real" "$@"
  fault_crash SEGV
fi
exec "$real" "$@"
