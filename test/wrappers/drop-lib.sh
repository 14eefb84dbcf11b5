# Shared part of the drop-<setting>.sh runtime wrappers (test fixtures): on `create`, rewrite the bundle's
# config.json with the JavaScript in $DROP_JS (a function body over `c`, the parsed config), then run the
# real runtime ($OCI_CONFORM_WRAPPED_RUNTIME, default runc) with the arguments unchanged.
# Sourced by the wrappers after they set DROP_JS; uses only sh and node (both on a fresh Debian CI machine).

drop_main() {
  real="${OCI_CONFORM_WRAPPED_RUNTIME:-runc}"
  sub=""
  bundle=""
  skip=0
  want_bundle=0
  for a in "$@"; do
    if [ "$want_bundle" = 1 ]; then
      bundle="$a"
      want_bundle=0
      continue
    fi
    if [ "$skip" = 1 ]; then
      skip=0
      continue
    fi
    if [ -z "$sub" ]; then
      case "$a" in
        --root | --log | --log-format | --criu | --rootless) skip=1 ;;
        -*) ;;
        *) sub="$a" ;;
      esac
      continue
    fi
    if [ "$sub" = create ]; then
      case "$a" in
        --bundle | -b) want_bundle=1 ;;
        --bundle=*) bundle="${a#--bundle=}" ;;
      esac
    fi
  done
  if [ "$sub" = create ]; then
    [ -n "$bundle" ] || bundle="$PWD"
    DROP_CONFIG="$bundle/config.json" node -e '
      const fs = require("fs");
      const file = process.env.DROP_CONFIG;
      const c = JSON.parse(fs.readFileSync(file, "utf8"));
      new Function("c", process.env.DROP_JS)(c);
      fs.writeFileSync(file, JSON.stringify(c, null, 2));
    ' || exit 97
  fi
  exec "$real" "$@"
}
