#!/bin/bash
# Test fixture (lifecycle): create reports an error (exit 1) after it made the container (its pid file written).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = create ]; then
  "$real" "$@" || exit $?
  echo "create: made-up error after the container was made" >&2
  exit 1
fi
exec "$real" "$@"
