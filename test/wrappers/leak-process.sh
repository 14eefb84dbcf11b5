#!/bin/sh
# Test fixture: a runc wrapper that leaves a host process behind: on create it starts a detached
# `sleep 300` (its own session, stdio closed) and then runs runc. Delete never ends it, so the harness
# must find it in the case's call cgroup, report it (runtime.delete.removes-created-resources) and kill it.
real="${OCI_CONFORM_WRAPPED_RUNTIME:-runc}"
for a in "$@"; do
  if [ "$a" = create ]; then
    setsid sleep 300 </dev/null >/dev/null 2>&1 &
    break
  fi
done
exec "$real" "$@"
