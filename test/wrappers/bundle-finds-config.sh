#!/bin/bash
# Test fixture (lifecycle): create accepts a bundle whose config is named Config.json or sits in a
# subdirectory (conf/config.json) by copying it to config.json before running the real runtime.
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
if [ "$lc_sub" = create ]; then
  b="${lc_bundle:-$PWD}"
  if [ ! -e "$b/config.json" ]; then
    for alt in "$b/Config.json" "$b/conf/config.json"; do
      if [ -f "$alt" ]; then
        cp "$alt" "$b/config.json"
        break
      fi
    done
  fi
fi
exec "$real" "$@"
