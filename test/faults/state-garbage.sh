#!/bin/bash
# Test fixture (fault): state exits 0 and prints text that is not a JSON object.
. "$(dirname "$0")/fault-lib.sh"
if [ "$lc_sub" = state ]; then
  printf 'panic: runtime error: invalid memory address\n{"ociVersion": \n'
  exit 0
fi
exec "$real" "$@"
