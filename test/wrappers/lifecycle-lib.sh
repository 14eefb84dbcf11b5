# Shared part of the lifecycle breaking wrappers (test fixtures): each wrapper breaks one operation of a
# runc-style runtime ($OCI_CONFORM_WRAPPED_RUNTIME, default runc) so that the lifecycle case about it must
# fail. Sourced by the wrappers (bash); lc_parse reads the command line GLOBAL... SUB [OPTIONS] [ID] [ARG].

real="${OCI_CONFORM_WRAPPED_RUNTIME:-runc}"

# lc_parse ARGS...: lc_sub (subcommand), lc_pos (its positional arguments: id, then e.g. the signal),
# lc_bundle (create --bundle), lc_force (1 with delete --force).
lc_parse() {
  lc_sub=""
  lc_pos=()
  lc_bundle=""
  lc_force=0
  local skip=0 want=""
  for a in "$@"; do
    if [ -n "$want" ]; then
      [ "$want" = bundle ] && lc_bundle="$a"
      want=""
      continue
    fi
    if [ "$skip" = 1 ]; then
      skip=0
      continue
    fi
    if [ -z "$lc_sub" ]; then
      case "$a" in
        --root | --log | --log-format | --criu | --rootless) skip=1 ;;
        -*) ;;
        *) lc_sub="$a" ;;
      esac
      continue
    fi
    case "$a" in
      --bundle | -b) want=bundle ;;
      --bundle=*) lc_bundle="${a#--bundle=}" ;;
      --pid-file | --console-socket) want=other ;;
      --force | -f) lc_force=1 ;;
      -*) ;;
      *) lc_pos+=("$a") ;;
    esac
  done
}

# lc_globals ARGS...: the arguments before the subcommand, into lc_global.
lc_globals() {
  lc_global=()
  local skip=0
  for a in "$@"; do
    if [ "$skip" = 1 ]; then
      lc_global+=("$a")
      skip=0
      continue
    fi
    case "$a" in
      --root | --log | --log-format | --criu | --rootless) skip=1 ;;
      -*) ;;
      *) return ;;
    esac
    lc_global+=("$a")
  done
}

# lc_edit_config JS: runs the JavaScript JS (a function body over `c`, the parsed config) on the bundle's
# config.json and writes it back (create only).
lc_edit_config() {
  local file="${lc_bundle:-$PWD}/config.json"
  LC_CONFIG="$file" LC_JS="$1" node -e '
    const fs = require("fs");
    const c = JSON.parse(fs.readFileSync(process.env.LC_CONFIG, "utf8"));
    new Function("c", process.env.LC_JS)(c);
    fs.writeFileSync(process.env.LC_CONFIG, JSON.stringify(c, null, 2));
  ' || exit 97
}
