/* `probe try` operations for the cgroup cases: mknod a device node (device access rules), fork until the
 * pids limit refuses, and allocate memory in a child (memory limit enforcement). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

int cgroup_try_known(const char *op) {
  return strcmp(op, "mknod") == 0 || strcmp(op, "fork") == 0 || strcmp(op, "alloc") == 0;
}

/* mknod PATH c|b MAJOR MINOR: creates the node (mode 0600); an existing one is replaced. */
static int op_mknod(int argc, char **argv, int *e) {
  if (argc < 6 || (strcmp(argv[3], "c") != 0 && strcmp(argv[3], "b") != 0)) {
    fputs("probe try mknod: expected PATH c|b MAJOR MINOR\n", stderr);
    return 2;
  }
  mode_t type = argv[3][0] == 'c' ? S_IFCHR : S_IFBLK;
  dev_t dev = makedev(strtoul(argv[4], NULL, 10), strtoul(argv[5], NULL, 10));
  unlink(argv[2]);
  if (mknod(argv[2], type | 0600, dev) != 0) *e = errno;
  return 0;
}

/* fork N: starts up to N children that wait to be killed; result is how many started, errno the first
 * refusal. The children are killed and reaped before the result is printed. */
static int op_fork(int argc, char **argv, int *e, long long *result) {
  if (argc < 3) {
    fputs("probe try fork: expected a number of children\n", stderr);
    return 2;
  }
  long n = strtol(argv[2], NULL, 10);
  if (n < 0 || n > 1024) {
    fprintf(stderr, "probe try fork: expected 0 to 1024 children, found %s\n", argv[2]);
    return 2;
  }
  pid_t kids[1024];
  long started = 0;
  for (long i = 0; i < n; i++) {
    pid_t c = fork();
    if (c == 0) {
      for (;;) pause();
    }
    if (c < 0) {
      *e = errno;
      break;
    }
    kids[started++] = c;
  }
  for (long i = 0; i < started; i++) kill(kids[i], SIGKILL);
  for (long i = 0; i < started; i++)
    while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR) {
    }
  *result = started;
  return 0;
}

/* alloc BYTES: a child maps and touches BYTES of anonymous memory and exits 0; result is the child's exit
 * code, or 128 + the signal that ended it (137 when the OOM killer took it). */
static int op_alloc(int argc, char **argv, int *e, long long *result) {
  if (argc < 3) {
    fputs("probe try alloc: expected a number of bytes\n", stderr);
    return 2;
  }
  size_t bytes = strtoull(argv[2], NULL, 10);
  pid_t c = fork();
  if (c == 0) {
    char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) _exit(100);
    for (size_t off = 0; off < bytes; off += 4096) p[off] = 1;
    _exit(0);
  }
  if (c < 0) {
    *e = errno;
    return 0;
  }
  int st = 0;
  while (waitpid(c, &st, 0) < 0 && errno == EINTR) {
  }
  *result = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return 0;
}

int cgroup_try(int argc, char **argv, int *e, long long *result, int *has_result) {
  const char *op = argv[1];
  if (strcmp(op, "mknod") == 0) return op_mknod(argc, argv, e);
  *has_result = 1;
  if (strcmp(op, "fork") == 0) return op_fork(argc, argv, e, result);
  return op_alloc(argc, argv, e, result);
}
