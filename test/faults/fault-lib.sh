# Shared part of the fault wrappers (test fixtures): each wraps a runc-style runtime
# ($OCI_CONFORM_WRAPPED_RUNTIME, default runc) and misbehaves at one operation the way a broken runtime
# does (hangs, crashes, prints garbage). Sourced by the wrappers (bash) after lifecycle-lib.sh's lc_parse.
. "$(dirname "$0")/../wrappers/lifecycle-lib.sh"
lc_parse "$@"
# A crash must not leave a core file in the caller's working directory (a case's dir).
ulimit -c 0

# fault_hang: never answers. `exec` keeps the caller's pid and process group, so a caller that kills the
# group (the harness at its call timeout) ends the hang.
fault_hang() {
  exec sleep 3600
}

# fault_crash SIGNAL: dies by SIGNAL, as a runtime that segfaults does.
fault_crash() {
  trap - "$1"
  kill -s "$1" $$
  # not reached unless the signal is blocked
  exit 99
}
