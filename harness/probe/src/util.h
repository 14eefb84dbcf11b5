/* Small helpers shared by the probe's modes. */
#ifndef PROBE_UTIL_H
#define PROBE_UTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "json.h"

/* Reads a whole file (up to max bytes) into a malloc'd NUL-terminated buffer; NULL + errno on error. */
char *read_file(const char *path, size_t max, size_t *len);
/* Writes {"ok":false,"errno":N,"error":"ENAME"} style fields (no braces) for errno e, or ok:true when e==0. */
void jb_errno_fields(struct jbuf *b, int e);
/* Records a per-field error: {"field":...,"errno":N,"error":...} into the errors array. */
void note_error(const char *field, int e);
/* Writes the "errors" key and array collected by note_error. */
void jb_errors(struct jbuf *b);
/* Namespace inode of /proc/<pid or self>/ns/<name> as {"link":..,"inode":N} or null. */
void jb_namespaces(struct jbuf *b, const char *procdir);
/* Monotonic clock in nanoseconds. */
unsigned long long mono_ns(void);

int mode_report(int argc, char **argv);
int mode_wait(int argc, char **argv);
int mode_try(int argc, char **argv);
int mode_tries(int argc, char **argv);
int mode_hook(int argc, char **argv);
/* cgroups.c: the `try` operations mknod, fork and alloc (argv[1] is the operation); 2 on a usage error. */
int cgroup_try_known(const char *op);
int cgroup_try(int argc, char **argv, int *e, long long *result, int *has_result);
int mode_recvfd(int argc, char **argv);
/* sched.c: schedAttr, ioPriority, cpuAffinity and machine keys of `probe report`. */
void report_sched(struct jbuf *b);

#endif
