/* `probe hook --log FILE`: a lifecycle hook that records what it saw (argv, env, the state on
 * stdin, namespaces, time) as one JSON line appended to FILE in a single write(). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

extern char **environ;
extern int g_argc;
extern char **g_argv;

/* The value of the first "pid" key in the state text, or -1. Good enough for evidence only. */
static long state_pid(const char *s) {
  const char *p = strstr(s, "\"pid\"");
  if (!p) return -1;
  p += 5;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  if (*p != ':') return -1;
  p++;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  char *end;
  long v = strtol(p, &end, 10);
  return end == p ? -1 : v;
}

int mode_hook(int argc, char **argv) {
  const char *log = NULL, *name = NULL;
  int exit_code = 0;
  long sleep_ms = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
      log = argv[++i];
    else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
      name = argv[++i];
    else if (strcmp(argv[i], "--exit") == 0 && i + 1 < argc)
      exit_code = atoi(argv[++i]);
    else if (strcmp(argv[i], "--sleep-ms") == 0 && i + 1 < argc)
      sleep_ms = atol(argv[++i]);
    else {
      fprintf(stderr, "probe hook: unexpected argument %s (expected --log FILE [--name N] [--exit CODE] "
                      "[--sleep-ms N])\n", argv[i]);
      return 2;
    }
  }
  if (!log) {
    fprintf(stderr, "probe hook: expected --log FILE\n");
    return 2;
  }
  unsigned long long start = mono_ns();
  /* Always consume stdin in full: a runtime writing the state may die of SIGPIPE otherwise. */
  size_t cap = 65536, n = 0;
  char *in = malloc(cap + 1);
  int in_err = 0;
  for (;;) {
    if (n == cap) {
      char *nb = realloc(in, cap * 2 + 1);
      if (!nb) break;
      in = nb;
      cap *= 2;
    }
    ssize_t r = read(0, in + n, cap - n);
    if (r < 0) {
      if (errno == EINTR) continue;
      in_err = errno;
      break;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  in[n] = '\0';
  struct jbuf b;
  jb_init(&b);
  jb_obj_begin(&b);
  jb_kstr(&b, "event", "hook");
  jb_kstr(&b, "name", name);
  jb_key(&b, "monotonicNs");
  jb_uint_str(&b, start);
  jb_kint(&b, "pid", getpid());
  jb_kint(&b, "ppid", getppid());
  jb_kstrv(&b, "args", g_argv, g_argc);
  jb_kstrv(&b, "env", environ, -1);
  char cwd[4096];
  jb_kstr(&b, "cwd", getcwd(cwd, sizeof(cwd)) ? cwd : NULL);
  struct utsname u;
  jb_kstr(&b, "hostname", uname(&u) == 0 ? u.nodename : NULL);
  jb_key(&b, "stdin");
  jb_strn(&b, in, n);
  if (in_err) jb_kint(&b, "stdinErrno", in_err);
  jb_key(&b, "namespaces");
  jb_namespaces(&b, "/proc/self");
  /* What the state's pid is running right now, as this hook's /proc shows it. */
  long sp = state_pid(in);
  jb_key(&b, "statePidProcess");
  char path[64];
  size_t cl = 0;
  char *cmd = NULL;
  if (sp > 0) {
    snprintf(path, sizeof(path), "/proc/%ld/cmdline", sp);
    cmd = read_file(path, 1 << 16, &cl);
  }
  if (!cmd) {
    jb_null(&b);
  } else {
    jb_obj_begin(&b);
    jb_kint(&b, "pid", sp);
    snprintf(path, sizeof(path), "/proc/%ld/exe", sp);
    char exe[4096];
    ssize_t el = readlink(path, exe, sizeof(exe) - 1);
    jb_key(&b, "exe");
    if (el >= 0)
      jb_strn(&b, exe, (size_t)el);
    else
      jb_null(&b);
    jb_key(&b, "cmdline");
    jb_arr_begin(&b);
    size_t off = 0;
    while (off < cl) {
      size_t l = strlen(cmd + off);
      jb_strn(&b, cmd + off, l);
      off += l + 1;
    }
    jb_arr_end(&b);
    jb_obj_end(&b);
    free(cmd);
  }
  jb_obj_end(&b);
  jb_raw(&b, "\n", 1);
  int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    fprintf(stderr, "probe hook: cannot open log %s: %s\n", log, strerror(errno));
    return 3;
  }
  /* One write() so that concurrent hooks do not interleave (O_APPEND makes it atomic on local fs). */
  if (write(fd, b.data, b.len) != (ssize_t)b.len) {
    fprintf(stderr, "probe hook: short write to %s\n", log);
    close(fd);
    return 3;
  }
  close(fd);
  jb_free(&b);
  free(in);
  if (sleep_ms > 0) {
    struct timespec ts = {sleep_ms / 1000, (sleep_ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
  }
  return exit_code;
}
