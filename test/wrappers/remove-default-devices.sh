#!/bin/sh
# Test fixture: a runc wrapper that, after a successful create, removes /dev/zero, /dev/ptmx and
# /dev/stdout inside the new container (through /proc/PID/root, PID from --pid-file), as a runtime that
# forgot them would. The default-devices case must fail against it. Uses only sh.
real="${OCI_CONFORM_WRAPPED_RUNTIME:-runc}"
pidfile=""
want=0
for a in "$@"; do
  if [ "$want" = 1 ]; then
    pidfile="$a"
    want=0
    continue
  fi
  case "$a" in
    --pid-file) want=1 ;;
    --pid-file=*) pidfile="${a#--pid-file=}" ;;
  esac
done
"$real" "$@" || exit $?
if [ -n "$pidfile" ] && [ -s "$pidfile" ]; then
  pid=$(cat "$pidfile")
  rm -f "/proc/$pid/root/dev/zero" "/proc/$pid/root/dev/ptmx" "/proc/$pid/root/dev/stdout"
fi
exit 0
