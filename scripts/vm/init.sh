#!/bin/sh
# Guest side of scripts/vm.sh, run by the initramfs's static busybox: stage 1 (/init, PID 1) builds the
# root (host / over 9p, read-only, under a tmpfs overlay) and switches to it; stage 2 mounts cgroups per mode,
# runs the command with stdout/stderr on their own virtio ports, hands back its exit code and powers off.
# Everything on the kernel command line that starts with oci_vm. is ours; the rest is in /run/oci-vm/ctl.
set -u
BB=/bin/busybox
[ "${1:-}" = stage2 ] && BB=/run/oci-vm/busybox

say() { echo "oci-vm: $*" >/dev/console 2>/dev/null || echo "oci-vm: $*"; }
# A failure before the command ran: the host turns the missing exit code into 3 with this reason.
die() {
  say "boot failed: $*"
  [ -d /run/oci-vm/ctl ] && echo "$*" >/run/oci-vm/ctl/boot-error 2>/dev/null
  $BB sync
  $BB poweroff -f
  exit 1
}

arg() { # the value of oci_vm.$1= on the kernel command line
  for w in $($BB cat /proc/cmdline); do
    case "$w" in "oci_vm.$1="*) echo "${w#oci_vm.$1=}" && return 0 ;; esac
  done
  return 1
}

stage1() {
  $BB mkdir -p /proc /sys /dev /host /rw /newroot
  # The initramfs has no /dev/console node: stdio comes from devtmpfs.
  $BB mount -t devtmpfs devtmpfs /dev && exec </dev/console >/dev/console 2>&1
  $BB mount -t proc proc /proc
  $BB mount -t sysfs sysfs /sys
  [ -c /dev/null ] || die "cannot mount devtmpfs"
  while read -r m; do
    [ -n "$m" ] || continue
    # A module already built in, or loaded as a dependency, is fine.
    $BB insmod "/modules/$m" 2>/dev/null || $BB grep -q "^${m%.ko} " /proc/modules ||
      [ -d "/sys/module/${m%.ko}" ] || die "insmod $m failed"
  done </modules/order
  $BB mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 host /host ||
    die "cannot mount the host's root over 9p (mount_tag host)"
  $BB mount -t tmpfs -o mode=0755 tmpfs /rw
  $BB mkdir -p /rw/upper /rw/work
  $BB mount -t overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work overlay /newroot ||
    die "cannot mount the overlay over the host's root"
  $BB mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /newroot/run || die "cannot mount /newroot/run"
  $BB mkdir -p /newroot/run/oci-vm/ctl
  $BB mount -t 9p -o trans=virtio,version=9p2000.L,rw,cache=none ctl /newroot/run/oci-vm/ctl ||
    die "cannot mount the control share (mount_tag ctl)"
  $BB cp /bin/busybox /init /newroot/run/oci-vm/
  # The guest's own /tmp first, so that a share below /tmp shows through it.
  $BB mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /newroot/tmp || die "cannot mount /tmp"
  i=0
  while share=$(arg "share$i"); do
    $BB mkdir -p "/newroot$share" || die "cannot make the mount point $share"
    $BB mount -t 9p -o trans=virtio,version=9p2000.L,rw,cache=none,msize=512000 "share$i" "/newroot$share" ||
      die "cannot mount the writable share $share (mount_tag share$i)"
    i=$((i + 1))
  done
  for d in proc sys dev; do $BB mount --move "/$d" "/newroot/$d" || die "cannot move /$d"; done
  exec $BB switch_root /newroot /run/oci-vm/busybox sh /run/oci-vm/init stage2
}

mount_cgroups() {
  mode=$1
  case "$mode" in
    v2)
      $BB mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup || die "cannot mount cgroup2"
      # Every controller enabled for children, as on a systemd host.
      for c in $($BB cat /sys/fs/cgroup/cgroup.controllers); do
        echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control || die "cannot enable the $c controller"
      done
      ;;
    v1 | hybrid)
      $BB mount -t tmpfs -o mode=0755,nosuid,nodev,noexec tmpfs /sys/fs/cgroup || die "cannot mount /sys/fs/cgroup"
      # The classic layout: cpu and cpuacct share a hierarchy, so do net_cls and net_prio.
      for c in $($BB awk 'NR > 1 && $4 == 1 { print $1 }' /proc/cgroups); do
        case "$c" in cpuacct | net_prio) continue ;; cpu) set -- cpu,cpuacct ;; net_cls) set -- net_cls,net_prio ;; *) set -- "$c" ;; esac
        $BB mkdir -p "/sys/fs/cgroup/$1"
        $BB mount -t cgroup -o "nosuid,nodev,noexec,$1" cgroup "/sys/fs/cgroup/$1" || die "cannot mount the v1 $1 hierarchy"
        case "$1" in *,*) for n in $(echo "$1" | $BB tr , ' '); do $BB ln -s "$1" "/sys/fs/cgroup/$n"; done ;; esac
      done
      if [ "$mode" = hybrid ]; then
        $BB mkdir -p /sys/fs/cgroup/unified
        $BB mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup/unified || die "cannot mount cgroup2 at unified"
      fi
      $BB mount -o remount,ro /sys/fs/cgroup
      ;;
    *) die "unknown cgroup mode $mode" ;;
  esac
}

port() { # the /dev node of the virtio serial port named $1
  for p in /sys/class/virtio-ports/*; do
    [ "$($BB cat "$p/name" 2>/dev/null)" = "$1" ] && echo "/dev/${p##*/}" && return 0
  done
  return 1
}

stage2() {
  ctl=/run/oci-vm/ctl
  export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  $BB mkdir -p /dev/pts /dev/shm /dev/mqueue
  $BB mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts /dev/pts || die "cannot mount /dev/pts"
  [ -e /dev/ptmx ] || $BB ln -s pts/ptmx /dev/ptmx
  $BB mount -t tmpfs -o mode=1777,nosuid,nodev shm /dev/shm || die "cannot mount /dev/shm"
  $BB mount -t mqueue mqueue /dev/mqueue || die "cannot mount mqueue"
  [ -e /dev/fd ] || $BB ln -s /proc/self/fd /dev/fd
  for n in 0:stdin 1:stdout 2:stderr; do [ -e "/dev/${n#*:}" ] || $BB ln -s "/proc/self/fd/${n%%:*}" "/dev/${n#*:}"; done
  $BB mkdir -p /run/lock /run/user
  mount_cgroups "$(arg cgroup)"
  $BB hostname oci-vm
  $BB ip link set lo up || die "cannot bring the loopback up"
  # Modules the cases may use, from the shared /lib/modules (autoloading works too: this makes it certain).
  for m in overlay loop veth "dummy numdummies=0"; do $BB modprobe $m 2>/dev/null || true; done
  out=$(port stdout) || die "no virtio port named stdout"
  err=$(port stderr) || die "no virtio port named stderr"
  # ctl/command (written by the host, every word single-quoted): cd, the exports, then set -- COMMAND.
  export HOME=/root LANG=C.UTF-8
  . "$ctl/command" || die "cannot read the command"
  # The factor on oci-conform's deadlines, unless the host chose one: the guest's speed now (emulation and the
  # host's load), as the wall time of a Node start in units of 100 ms (about 0.05 s natively), from 10 to 100.
  if [ -z "${OCI_CONFORM_TIMEOUT_SCALE:-}" ]; then
    t0=$($BB cut -d' ' -f1 /proc/uptime | $BB tr -d .)
    /usr/bin/env node -e 0 >/dev/null 2>&1
    t1=$($BB cut -d' ' -f1 /proc/uptime | $BB tr -d .)
    s=$(((t1 - t0 + 9) / 10))
    [ "$s" -ge 10 ] || s=10
    [ "$s" -le 100 ] || s=100
    export OCI_CONFORM_TIMEOUT_SCALE=$s
  fi
  echo ran >"$ctl/started"
  # Every 30 s the guest's processes go to ctl/ps: a guest that does not finish is shown as it was when stopped.
  (
    while :; do
      { echo "at $($BB cut -d' ' -f1 /proc/uptime) s of uptime:"; /usr/bin/env ps -eo pid,ppid,stat,etime,time,args --sort=-time 2>/dev/null || $BB ps -o pid,ppid,stat,args; } >"$ctl/ps.new" &&
        $BB mv "$ctl/ps.new" "$ctl/ps"
      $BB sleep 30
    done
  ) </dev/null >/dev/null 2>&1 &
  # Through env: this busybox prefers its own applets to PATH, and COMMAND must find the host's programs.
  /usr/bin/env "$@" </dev/null >"$out" 2>"$err"
  rc=$?
  echo "$rc" >"$ctl/rc"
  $BB sync
  $BB poweroff -f
}

case "${1:-stage1}" in
  stage2) stage2 ;;
  *) stage1 ;;
esac
