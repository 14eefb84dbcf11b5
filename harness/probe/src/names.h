/* Name tables the probe prints: errno names, capability names, rlimit names, signal names. */
#ifndef PROBE_NAMES_H
#define PROBE_NAMES_H

/* "EPERM" etc; unknown values give "E<n>" in a static buffer. */
const char *errno_name(int e);
/* "CAP_CHOWN" etc for bit n, or NULL when the probe does not know the bit. */
const char *cap_name(int bit);
/* "SIGTERM" etc; real-time signals give "SIGRTMIN+<k>" in a static buffer. */
const char *signal_name(int signo);

struct rlimit_name {
  int resource;
  const char *name;
};
extern const struct rlimit_name rlimit_names[];
extern const int rlimit_names_count;

#endif
