#!/usr/bin/env bash
# Runs a command as root in a qemu guest (software emulation) booted from the installed Debian kernel, with the
# host's root read-only under a private writable layer and cgroups in the chosen mode: scripts/vm.sh --help.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
checkout=$(dirname "$here")

usage="usage: scripts/vm.sh [--cgroup v2|v1|hybrid] [--mem MB] [--cpus N] [--timeout S] [--share DIR]... [--console] -- COMMAND [ARGS...]

Boots the installed kernel (/boot/vmlinuz-*, newest with its modules, or \$OCI_CONFORM_VM_KERNEL) under qemu
with software emulation, shares the host's root read-only (writes go to a tmpfs layer and are lost), gives the
guest its own /tmp and /run, mounts the cgroup hierarchy in the chosen mode and runs COMMAND as root in the
checkout ($checkout). COMMAND's stdout and stderr come back on their own streams; the exit code is COMMAND's.

options:
  --cgroup MODE   v2 (default: cgroup_no_v1=all, one cgroup2 mount, every controller enabled for children),
                  v1 (one hierarchy per controller, no cgroup2) or hybrid (v1 plus an empty cgroup2 at
                  /sys/fs/cgroup/unified)
  --mem MB        guest memory (default 2048)
  --cpus N        guest CPUs (default 2)
  --timeout S     power the guest off after S seconds and exit 3, showing its processes as last seen
                  (the guest lists them every 30 s; default 3600)
  --share DIR     DIR is writable from the guest, at the same path (repeatable; default: the checkout)
  --console       copy the guest's console (kernel and boot messages) to stderr at the end

environment: every OCI_CONFORM_* variable is passed to COMMAND. Unless OCI_CONFORM_TIMEOUT_SCALE is set, the
guest sets it from its own speed: the wall time of node -e 0 in units of 100 ms, from 10 to 100. The initramfs (busybox-static and the kernel's 9p/virtio/overlay modules) is cached in
\${OCI_CONFORM_VM_CACHE:-\${XDG_CACHE_HOME:-\$HOME/.cache}/oci-conform/vm} and rebuilt when the kernel,
busybox or scripts/vm/init.sh change.

exit codes: COMMAND's; 2 usage error; 3 the guest could not boot or did not finish (the reason on stderr)"

usage_error() {
  echo "vm.sh: $*" >&2
  echo "run scripts/vm.sh --help for the usage" >&2
  exit 2
}
fail() {
  echo "vm.sh: $*" >&2
  exit 3
}
positive() { # flag value
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage_error "$1: expected a positive integer but found '$2'"
}

mode=v2 mem=2048 cpus=2 timeout=3600 console=0
shares=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift && break ;;
    -h | --help) echo "$usage" && exit 0 ;;
    --console) console=1 && shift ;;
    --cgroup=* | --mem=* | --cpus=* | --timeout=* | --share=*) set -- "${1%%=*}" "${1#*=}" "${@:2}" ;;
    --cgroup | --mem | --cpus | --timeout | --share)
      [ $# -ge 2 ] || usage_error "$1: expected a value but found none"
      case "$1" in
        --cgroup)
          case "$2" in v1 | v2 | hybrid) mode=$2 ;; *) usage_error "--cgroup: expected v2, v1 or hybrid but found '$2'" ;; esac
          ;;
        --mem) positive "$1" "$2" && mem=$2 ;;
        --cpus) positive "$1" "$2" && cpus=$2 ;;
        --timeout) positive "$1" "$2" && timeout=$2 ;;
        --share)
          [ -d "$2" ] || usage_error "--share: expected a directory but '$2' is not one"
          d=$(cd "$2" && pwd -P)
          # The guest learns the path from the kernel command line, which splits on blanks.
          [[ "$d" =~ ^[A-Za-z0-9_./+@:-]+$ ]] || usage_error "--share: expected a path of letters, digits and ._/+@:- but found '$d'"
          shares+=("$d")
          ;;
      esac
      shift 2
      ;;
    *) usage_error "expected options, then -- and the command, but found '$1'" ;;
  esac
done
[ $# -gt 0 ] || usage_error "expected a command after -- but found none"
[ ${#shares[@]} -gt 0 ] || shares=("$(cd "$checkout" && pwd -P)")

# --- what the guest needs from the host --------------------------------------------------------------------
command -v qemu-system-x86_64 >/dev/null || fail "cannot boot: qemu-system-x86_64 not found (apt-get install qemu-system-x86)"
kver=${OCI_CONFORM_VM_KERNEL:-}
if [ -z "$kver" ]; then
  for k in $(ls /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' | sort -rV); do
    if [ -f "/lib/modules/$k/modules.dep" ]; then kver=$k && break; fi
  done
fi
[ -n "$kver" ] || fail "cannot boot: no /boot/vmlinuz-* with its modules in /lib/modules (apt-get install linux-image-amd64)"
kernel=/boot/vmlinuz-$kver
[ -r "$kernel" ] || fail "cannot boot: $kernel is missing or unreadable"
[ -f "/lib/modules/$kver/modules.dep" ] || fail "cannot boot: /lib/modules/$kver/modules.dep is missing"
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || fail "cannot boot: busybox not found (apt-get install busybox-static)"
if ldd "$busybox" >/dev/null 2>&1; then
  fail "cannot boot: $busybox is dynamically linked; the initramfs needs a static one (apt-get install busybox-static)"
fi

# --- the initramfs, cached --------------------------------------------------------------------------------
# Modules stage 1 needs to reach the host's root; every other module loads in the guest from the shared
# /lib/modules (the host's files), on demand.
boot_modules=(virtio_pci 9pnet_virtio 9p overlay virtio_console)
cache=${OCI_CONFORM_VM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/oci-conform/vm}
kpkg=$(dpkg-query -S "$kernel" 2>/dev/null | cut -d: -f1 || true)
kpkgver=$([ -n "$kpkg" ] && dpkg-query -W -f='${Version}' "$kpkg" 2>/dev/null || true)
key=$(
  {
    echo "$kver $kpkg $kpkgver ${boot_modules[*]}"
    stat -c '%s %Y' "$kernel" "/lib/modules/$kver/modules.dep"
    sha256sum "$busybox" "$here/vm/init.sh" | cut -d' ' -f1
  } | sha256sum | cut -c1-16
)
initrd=$cache/initramfs-$kver-$key.cpio.gz
if [ ! -f "$initrd" ]; then
  mkdir -p "$cache"
  stage=$(mktemp -d "$cache/.build.XXXXXX")
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage/bin" "$stage/modules"
  cp "$busybox" "$stage/bin/busybox"
  cp "$here/vm/init.sh" "$stage/init"
  chmod 0755 "$stage/init" "$stage/bin/busybox"
  ln -s busybox "$stage/bin/sh"
  : >"$stage/modules/order"
  for m in "${boot_modules[@]}"; do
    deps=$(modprobe --show-depends -S "$kver" "$m" 2>&1) || fail "cannot build the initramfs: modprobe --show-depends -S $kver $m: $deps"
    while read -r verb path _; do
      [ "$verb" = insmod ] || continue # builtin: nothing to load
      name=$(basename "$path")
      case "$name" in
        *.ko.xz) xz -dc "$path" >"$stage/modules/${name%.xz}" && name=${name%.xz} ;;
        *.ko.zst) zstd -qdc "$path" >"$stage/modules/${name%.zst}" && name=${name%.zst} ;;
        *.ko.gz) gzip -dc "$path" >"$stage/modules/${name%.gz}" && name=${name%.gz} ;;
        *) cp "$path" "$stage/modules/$name" ;;
      esac
      grep -qx "$name" "$stage/modules/order" || echo "$name" >>"$stage/modules/order"
    done <<<"$deps"
  done
  (cd "$stage" && find . -mindepth 1 | sort | "$busybox" cpio -o -H newc -R 0:0 2>/dev/null | gzip -1) >"$stage.cpio.gz"
  # Older builds for this kernel go; a concurrent build of the same key is harmless (same bytes, atomic mv).
  rm -f "$cache/initramfs-$kver-"*.cpio.gz
  mv "$stage.cpio.gz" "$initrd"
  rm -rf "$stage"
  trap - EXIT
fi

# --- the run ----------------------------------------------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oci-vm.XXXXXX")
qpid='' spid='' opid='' epid=''
cleanup() {
  for p in $qpid $spid; do kill -TERM "$p" 2>/dev/null || true; done
  for p in $qpid $spid; do wait "$p" 2>/dev/null || true; done
  # Readers blocked on a FIFO qemu never opened: a read-write open releases them with EOF.
  for f in out err; do [ -p "$tmp/$f" ] && { exec 9<>"$tmp/$f" && exec 9>&-; } 2>/dev/null || true; done
  for p in $opid $epid; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
on_signal() {
  echo "vm.sh: $1: stopping the guest" >&2
  trap - EXIT
  cleanup
  exit 3
}
for s in INT TERM HUP; do trap "on_signal SIG$s" "$s"; done

mkdir "$tmp/ctl"
quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
  printf 'cd %s || die "cannot enter the checkout"\n' "$(quote "$checkout")"
  while IFS= read -r name; do
    printf 'export %s\n' "$(quote "$name=${!name}")"
  done < <(compgen -e | grep -E '^(OCI_CONFORM_[A-Za-z0-9_]*|CI)$' | grep -vx OCI_CONFORM_VM_KERNEL || true)
  printf 'set --'
  for a in "$@"; do printf ' %s' "$(quote "$a")"; done
  printf '\n'
} >"$tmp/ctl/command"
# One boot of the guest; sets timed_out, qrc and elapsed.
boot() {
  mkfifo "$tmp/out" "$tmp/err"
  cat "$tmp/out" &
  opid=$!
  cat "$tmp/err" >&2 &
  epid=$!

  case "$mode" in
    v2) cgroup_args='cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1' ;;
    *) cgroup_args='' ;;
  esac
  security=passthrough
  [ "$(id -u)" -eq 0 ] || security=none
  share_args=() share_cmdline=''
  for i in "${!shares[@]}"; do
    share_args+=(-virtfs "local,path=${shares[$i]},mount_tag=share$i,security_model=$security,multidevs=remap")
    share_cmdline+=" oci_vm.share$i=${shares[$i]}"
  done

  start=$(date +%s)
  qemu-system-x86_64 \
    -nodefaults -no-user-config -display none -no-reboot \
    -accel tcg -cpu max -smp "$cpus" -m "$mem" \
    -kernel "$kernel" -initrd "$initrd" \
    -append "console=ttyS0 quiet panic=-1 no_timer_check rdinit=/init oci_vm.cgroup=$mode$share_cmdline $cgroup_args" \
    -serial "file:$tmp/console" \
    -virtfs "local,path=/,mount_tag=host,security_model=$security,readonly=on,multidevs=remap" \
    -virtfs "local,path=$tmp/ctl,mount_tag=ctl,security_model=$security" \
    "${share_args[@]}" \
    -device virtio-serial-pci \
    -chardev "file,id=out,path=$tmp/out" -device virtserialport,chardev=out,name=stdout \
    -chardev "file,id=err,path=$tmp/err" -device virtserialport,chardev=err,name=stderr \
    </dev/null >"$tmp/qemu.log" 2>&1 &
  qpid=$!
  sleep "$timeout" &
  spid=$!
  set +e
  wait -n "$qpid" "$spid"
  set -e
  timed_out=0
  if kill -0 "$qpid" 2>/dev/null; then
    timed_out=1
    kill -TERM "$qpid" 2>/dev/null || true
  fi
  qrc=0
  wait "$qpid" 2>/dev/null || qrc=$?
  qpid=''
  kill -TERM "$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
  spid=''
  for f in out err; do { exec 9<>"$tmp/$f" && exec 9>&-; } 2>/dev/null || true; done
  wait "$opid" "$epid" 2>/dev/null || true
  opid='' epid=''
  elapsed=$(($(date +%s) - start))

}
boot
# Under emulation on a loaded host the kernel can panic before userspace (its timer check; no_timer_check
# avoids the known one): a guest that never reached the command is booted once more, with the reason.
if [ "$timed_out" -eq 0 ] && [ ! -s "$tmp/ctl/rc" ] && [ ! -e "$tmp/ctl/started" ] && [ ! -s "$tmp/ctl/boot-error" ]; then
  echo "vm.sh: the guest did not reach userspace (after ${elapsed} s; qemu exit code $qrc): booting once more" >&2
  tr -d '\r' <"$tmp/console" 2>/dev/null | grep -m1 -i 'panic' | sed 's/^/vm.sh: console: /' >&2 || true
  rm -f "$tmp/out" "$tmp/err" "$tmp/console" "$tmp/qemu.log"
  boot
fi

[ "$console" -eq 0 ] || cat "$tmp/console" >&2
why() { # the reason, then the tail of the console and of qemu's own messages
  echo "vm.sh: $*" >&2
  if [ -s "$tmp/qemu.log" ]; then sed 's/^/vm.sh: qemu: /' "$tmp/qemu.log" | tail -n 20 >&2; fi
  if [ "$console" -eq 0 ] && [ -s "$tmp/console" ]; then
    tr -d '\r' <"$tmp/console" | tail -n 20 | sed 's/^/vm.sh: console: /' >&2
  fi
}
if [ "$timed_out" -eq 1 ]; then
  why "the guest did not finish within $timeout s (--timeout); it was stopped"
  if [ -s "$tmp/ctl/ps" ]; then
    echo "vm.sh: the guest's processes, last seen $(head -n 1 "$tmp/ctl/ps")" >&2
    # user processes only (kernel threads are children of pid 2), busiest first
    tail -n +2 "$tmp/ctl/ps" | awk 'NR == 1 || ($1 != 2 && $2 != 2)' | head -n 60 | cut -c1-300 | sed 's/^/vm.sh: ps: /' >&2
  fi
  exit 3
fi
if [ -s "$tmp/ctl/rc" ]; then
  rc=$(cat "$tmp/ctl/rc")
  [[ "$rc" =~ ^[0-9]+$ ]] || fail "the guest wrote an exit code that is not a number: '$rc'"
  exit "$rc"
fi
if [ -s "$tmp/ctl/boot-error" ]; then
  why "the guest could not boot: $(cat "$tmp/ctl/boot-error")"
elif [ -e "$tmp/ctl/started" ]; then
  why "the guest stopped before the command finished (after ${elapsed} s; qemu exit code $qrc): a kernel panic or out of memory? try --mem"
else
  why "the guest could not boot (after ${elapsed} s; qemu exit code $qrc)"
fi
exit 3
