#!/usr/bin/env bash
# The guest half of npm test: the runtime suite in qemu guests on real cgroup v2 and v1 kernels (scripts/vm.sh).
# Every run must pass (known failures through the baselines) and its report must name the guest's cgroup mode;
# a guest that cannot boot fails the whole script. Usage: scripts/ci-guests.sh [NAME...] (default: ci_default below).
set -euo pipefail
cd "$(dirname "$0")/.."

# The selection, in one place: NAME MODE ARGS... (the arguments of oci-conform run).
# - The groups whose behaviour depends on the cgroup mode (cgroups, lifecycle: create and delete make and
#   remove cgroups) run in every guest, fully, whatever their size.
# - Every other group runs in the guest only against runc and crun (cheap: one C or Go process per call);
#   the reference runtime (one Node process per call, 25x slower under emulation) runs them on the host,
#   in npm test's vitest half (suites/runtime/reference.integration.test.ts).
# When the suite outgrows the CI budget (DEVELOPERS.md, "Running in a guest", has what each run costs),
# narrow v2-crun to the cgroup-dependent groups first.
cgroup_groups="--filter=cgroups --filter=lifecycle"
runs=(
  "v2-runc v2 --runtime=runc --expect=baselines/runc-1.1.5.json"
  "v2-crun v2 --runtime=crun --expect=baselines/crun-1.8.1.json"
  "v2-reference v2 --expect=baselines/reference.json $cgroup_groups"
  "v1-runc v1 --runtime=runc --expect=baselines/runc-1.1.5.json $cgroup_groups"
  "v1-reference v1 --expect=baselines/reference.json $cgroup_groups"
)
# Cases at once in a 2-CPU guest, and the deadline of one guest run (a hung guest must not hang CI: the
# slowest run takes about 350 s on an unloaded 2-core host, 800 s under load; at the deadline vm.sh shows the
# guest's processes, and --progress has put the cases that started and ended in the log).
jobs=${OCI_CONFORM_GUEST_JOBS:-3}
guest_timeout=${OCI_CONFORM_GUEST_TIMEOUT:-2400}

# What npm test runs when no run is named: every run above (each ran clean with the 113-case suite on an
# unloaded 2-core host: DEVELOPERS.md "Running in a guest" has what each costs).
ci_default=(v2-runc v2-crun v2-reference v1-runc v1-reference)
want=("$@")
[ ${#want[@]} -gt 0 ] || want=("${ci_default[@]}")
for w in "${want[@]}"; do
  found=0
  for r in "${runs[@]}"; do [ "${r%% *}" = "$w" ] && found=1; done
  [ "$found" -eq 1 ] || {
    echo "ci-guests: expected a run name ($(for r in "${runs[@]}"; do printf '%s ' "${r%% *}"; done)) but found '$w'" >&2
    exit 2
  }
done

reports=$(mktemp -d "${TMPDIR:-/tmp}/oci-conform-guests.XXXXXX")
trap 'rm -rf "$reports"' EXIT
# A signal stops the running guest through its vm.sh (which kills its own qemu), then this script.
vpid=''
stop() {
  echo "ci-guests: $1: stopping" >&2
  if [ -n "$vpid" ]; then kill -TERM "$vpid" 2>/dev/null || true; wait "$vpid" 2>/dev/null || true; fi
  exit 3
}
for s in INT TERM HUP; do trap "stop SIG$s" "$s"; done
failed=()
summary=()
total_start=$(date +%s)
for r in "${runs[@]}"; do
  read -r -a words <<<"$r"
  name=${words[0]} mode=${words[1]} args=("${words[@]:2}")
  if [ ${#want[@]} -gt 0 ] && ! printf '%s\n' "${want[@]}" | grep -qx "$name"; then continue; fi
  echo "ci-guests: $name: scripts/vm.sh --cgroup $mode -- ./oci-conform run ${args[*]} --jobs=$jobs --progress" >&2
  start=$(date +%s)
  scripts/vm.sh --cgroup "$mode" --timeout "$guest_timeout" --share "$reports" -- \
    ./oci-conform run "${args[@]}" --no-compare --jobs="$jobs" --progress --reporter=text --reporter="json=$reports/$name.json" &
  vpid=$!
  rc=0
  wait "$vpid" || rc=$?
  vpid=
  secs=$(($(date +%s) - start))
  why=''
  if [ "$rc" -ne 0 ]; then
    why="exit code $rc"
  elif ! seen=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(r.host?.cgroupMode ?? "none")' "$reports/$name.json" 2>&1); then
    why="no json report: $seen"
  elif [ "$seen" != "$mode" ]; then
    why="the report's host saw cgroup $seen, expected $mode"
  fi
  if [ -n "$why" ]; then
    failed+=("$name ($why)")
    summary+=("$name: FAILED after ${secs} s: $why")
  else
    summary+=("$name: ok in ${secs} s")
  fi
done
echo "ci-guests: $(printf '%s; ' "${summary[@]}")total $(($(date +%s) - total_start)) s" >&2
if [ ${#failed[@]} -gt 0 ]; then
  echo "ci-guests: failed: ${failed[*]}" >&2
  exit 1
fi
