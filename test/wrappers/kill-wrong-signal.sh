#!/bin/bash
# Test fixture (lifecycle): kill sends the wrong signal: TERM becomes USR1, USR1 becomes USR2, USR2 becomes TERM (names and numbers).
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = kill ] && [ $# -gt 0 ]; then
  sig="${!#}"
  case "$sig" in
    TERM | SIGTERM) new=USR1 ;;
    USR1 | SIGUSR1) new=USR2 ;;
    USR2 | SIGUSR2) new=TERM ;;
    15) new=10 ;;
    10) new=12 ;;
    12) new=15 ;;
    *) new="$sig" ;;
  esac
  exec "$real" "${@:1:$(($# - 1))}" "$new"
fi
exec "$real" "$@"
