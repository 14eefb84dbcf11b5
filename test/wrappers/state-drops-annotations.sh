#!/bin/bash
# Test fixture (lifecycle): state leaves the annotations out of the state document.
. "$(dirname "$0")/lifecycle-lib.sh"
lc_parse "$@"
lc_globals "$@"
if [ "$lc_sub" = state ]; then
  out=$("$real" "$@")
  rc=$?
  [ $rc = 0 ] || exit $rc
  printf '%s' "$out" | node -e '
    const s = JSON.parse(require("fs").readFileSync(0, "utf8"));
    delete s.annotations;
    console.log(JSON.stringify(s, null, 2));
  '
  exit $?
fi
exec "$real" "$@"
