#!/bin/bash
# Test fixture (lifecycle): create writes no pid file (--pid-file is dropped).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = create ]; then
  args=()
  skip=0
  for a in "$@"; do
    if [ $skip = 1 ]; then
      skip=0
      continue
    fi
    case "$a" in
      --pid-file) skip=1 ;;
      --pid-file=*) ;;
      *) args+=("$a") ;;
    esac
  done
  exec "$real" "${args[@]}"
fi
exec "$real" "$@"
