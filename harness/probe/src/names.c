/* Name tables the probe prints: errno names, capability names, rlimit names, signal names. */
#include "names.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

struct errno_entry {
  int value;
  const char *name;
};

static const struct errno_entry errnos[] = {
    {EPERM, "EPERM"},         {ENOENT, "ENOENT"},       {ESRCH, "ESRCH"},
    {EINTR, "EINTR"},         {EIO, "EIO"},             {ENXIO, "ENXIO"},
    {E2BIG, "E2BIG"},         {ENOEXEC, "ENOEXEC"},     {EBADF, "EBADF"},
    {ECHILD, "ECHILD"},       {EAGAIN, "EAGAIN"},       {ENOMEM, "ENOMEM"},
    {EACCES, "EACCES"},       {EFAULT, "EFAULT"},       {ENOTBLK, "ENOTBLK"},
    {EBUSY, "EBUSY"},         {EEXIST, "EEXIST"},       {EXDEV, "EXDEV"},
    {ENODEV, "ENODEV"},       {ENOTDIR, "ENOTDIR"},     {EISDIR, "EISDIR"},
    {EINVAL, "EINVAL"},       {ENFILE, "ENFILE"},       {EMFILE, "EMFILE"},
    {ENOTTY, "ENOTTY"},       {ETXTBSY, "ETXTBSY"},     {EFBIG, "EFBIG"},
    {ENOSPC, "ENOSPC"},       {ESPIPE, "ESPIPE"},       {EROFS, "EROFS"},
    {EMLINK, "EMLINK"},       {EPIPE, "EPIPE"},         {EDOM, "EDOM"},
    {ERANGE, "ERANGE"},       {EDEADLK, "EDEADLK"},     {ENAMETOOLONG, "ENAMETOOLONG"},
    {ENOLCK, "ENOLCK"},       {ENOSYS, "ENOSYS"},       {ENOTEMPTY, "ENOTEMPTY"},
    {ELOOP, "ELOOP"},         {ENODATA, "ENODATA"},     {EOVERFLOW, "EOVERFLOW"},
    {EOPNOTSUPP, "EOPNOTSUPP"}, {EAFNOSUPPORT, "EAFNOSUPPORT"}, {EADDRINUSE, "EADDRINUSE"},
    {ENETUNREACH, "ENETUNREACH"}, {ECONNREFUSED, "ECONNREFUSED"}, {ETIMEDOUT, "ETIMEDOUT"},
    {EDQUOT, "EDQUOT"},       {ECANCELED, "ECANCELED"}, {EOWNERDEAD, "EOWNERDEAD"},
};

const char *errno_name(int e) {
  static char buf[16];
  for (unsigned i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
    if (errnos[i].value == e) return errnos[i].name;
  snprintf(buf, sizeof(buf), "E%d", e);
  return buf;
}

/* Bit numbers from linux/capability.h (stable kernel ABI). */
static const char *const caps[] = {
    "CAP_CHOWN",           "CAP_DAC_OVERRIDE",   "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
    "CAP_FSETID",          "CAP_KILL",           "CAP_SETGID",          "CAP_SETUID",
    "CAP_SETPCAP",         "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",       "CAP_NET_RAW",        "CAP_IPC_LOCK",        "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",      "CAP_SYS_RAWIO",      "CAP_SYS_CHROOT",      "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",       "CAP_SYS_ADMIN",      "CAP_SYS_BOOT",        "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",    "CAP_SYS_TIME",       "CAP_SYS_TTY_CONFIG",  "CAP_MKNOD",
    "CAP_LEASE",           "CAP_AUDIT_WRITE",    "CAP_AUDIT_CONTROL",   "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",    "CAP_MAC_ADMIN",      "CAP_SYSLOG",          "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",   "CAP_AUDIT_READ",     "CAP_PERFMON",         "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};

const char *cap_name(int bit) {
  if (bit >= 0 && (unsigned)bit < sizeof(caps) / sizeof(caps[0])) return caps[bit];
  return NULL;
}

static const char *const sigs[] = {
    NULL,       "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT", "SIGBUS",
    "SIGFPE",   "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",   "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGSTKFLT", "SIGCHLD", "SIGCONT",  "SIGSTOP", "SIGTSTP",   "SIGTTIN", "SIGTTOU", "SIGURG",
    "SIGXCPU",  "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",  "SIGIO",   "SIGPWR",  "SIGSYS",
};

const char *signal_name(int signo) {
  static char buf[24];
  if (signo > 0 && (unsigned)signo < sizeof(sigs) / sizeof(sigs[0])) return sigs[signo];
  if (signo >= SIGRTMIN && signo <= SIGRTMAX) {
    snprintf(buf, sizeof(buf), "SIGRTMIN+%d", signo - SIGRTMIN);
    return buf;
  }
  snprintf(buf, sizeof(buf), "SIG%d", signo);
  return buf;
}

const struct rlimit_name rlimit_names[] = {
    {RLIMIT_AS, "RLIMIT_AS"},           {RLIMIT_CORE, "RLIMIT_CORE"},
    {RLIMIT_CPU, "RLIMIT_CPU"},         {RLIMIT_DATA, "RLIMIT_DATA"},
    {RLIMIT_FSIZE, "RLIMIT_FSIZE"},     {RLIMIT_LOCKS, "RLIMIT_LOCKS"},
    {RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK"}, {RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE"},
    {RLIMIT_NICE, "RLIMIT_NICE"},       {RLIMIT_NOFILE, "RLIMIT_NOFILE"},
    {RLIMIT_NPROC, "RLIMIT_NPROC"},     {RLIMIT_RSS, "RLIMIT_RSS"},
    {RLIMIT_RTPRIO, "RLIMIT_RTPRIO"},   {RLIMIT_RTTIME, "RLIMIT_RTTIME"},
    {RLIMIT_SIGPENDING, "RLIMIT_SIGPENDING"}, {RLIMIT_STACK, "RLIMIT_STACK"},
};
const int rlimit_names_count = sizeof(rlimit_names) / sizeof(rlimit_names[0]);
