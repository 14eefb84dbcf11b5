#!/bin/bash
# Test fixture (fault): start never answers and ignores SIGTERM while it hangs (the ignored disposition is
# inherited by the sleep), so only SIGKILL ends it.
. "$(dirname "$0")/fault-lib.sh"
if [ "$lc_sub" = start ]; then
  trap '' TERM
  sleep 3600
  exit 0
fi
exec "$real" "$@"
