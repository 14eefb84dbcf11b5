/* Scheduling attributes of the probe for `probe report`: sched_getattr(2) (policy, flags, nice,
 * priority, runtime, deadline, period), the I/O priority (ioprio_get(2)), the CPU affinity and uname's
 * machine. Each is written as its own key; an unreadable one is null and noted in "errors". */
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "util.h"

/* struct sched_attr of the kernel ABI (SCHED_ATTR_SIZE_VER0 fields, then the utilization clamps). */
struct probe_sched_attr {
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;
  uint64_t sched_deadline;
  uint64_t sched_period;
  uint32_t sched_util_min;
  uint32_t sched_util_max;
};

void report_sched(struct jbuf *b) {
  struct probe_sched_attr a;
  memset(&a, 0, sizeof a);
  jb_key(b, "schedAttr");
  if (syscall(SYS_sched_getattr, 0, &a, (unsigned)sizeof a, 0) != 0) {
    note_error("schedAttr", errno);
    jb_null(b);
  } else {
    jb_obj_begin(b);
    jb_kint(b, "policy", a.sched_policy);
    jb_key(b, "flags");
    jb_uint_str(b, a.sched_flags);
    jb_kint(b, "nice", a.sched_nice);
    jb_kint(b, "priority", a.sched_priority);
    jb_key(b, "runtime");
    jb_uint_str(b, a.sched_runtime);
    jb_key(b, "deadline");
    jb_uint_str(b, a.sched_deadline);
    jb_key(b, "period");
    jb_uint_str(b, a.sched_period);
    jb_obj_end(b);
  }
  /* IOPRIO_WHO_PROCESS = 1; the value is class << 13 | level. */
  long io = syscall(SYS_ioprio_get, 1, 0);
  jb_key(b, "ioPriority");
  if (io < 0) {
    note_error("ioPriority", errno);
    jb_null(b);
  } else {
    jb_obj_begin(b);
    jb_kint(b, "class", (io >> 13) & 0x7);
    jb_kint(b, "level", io & 0x1fff);
    jb_obj_end(b);
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  jb_key(b, "cpuAffinity");
  if (sched_getaffinity(0, sizeof set, &set) != 0) {
    note_error("cpuAffinity", errno);
    jb_null(b);
  } else {
    jb_arr_begin(b);
    for (int i = 0; i < CPU_SETSIZE; i++)
      if (CPU_ISSET(i, &set)) jb_int(b, i);
    jb_arr_end(b);
  }
  struct utsname u;
  jb_key(b, "machine");
  if (uname(&u) != 0) {
    note_error("machine", errno);
    jb_null(b);
  } else {
    jb_str(b, u.machine);
  }
}
