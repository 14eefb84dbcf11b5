/* `probe try OP ARGS...`: attempts one operation and prints whether it worked and the errno. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static int need(int argc, int n, const char *op, const char *what) {
  if (argc < n) {
    fprintf(stderr, "probe try %s: expected %s\n", op, what);
    return 0;
  }
  return 1;
}

/* Runs one named syscall directly (bypassing libc wrappers that may pick another syscall). */
static int try_syscall(const char *name, const char *arg, long *ret) {
  char tmp[256];
  long r;
  if (strcmp(name, "getcwd") == 0) {
    char buf[4096];
    r = syscall(SYS_getcwd, buf, sizeof(buf));
  } else if (strcmp(name, "getpid") == 0) {
    r = syscall(SYS_getpid);
  } else if (strcmp(name, "getuid") == 0) {
    r = syscall(SYS_getuid);
  } else if (strcmp(name, "uname") == 0) {
    struct utsname u;
    r = syscall(SYS_uname, &u);
  } else if (strcmp(name, "personality") == 0) {
    r = syscall(SYS_personality, arg ? strtoul(arg, NULL, 0) : 0xffffffffUL);
  } else if (strcmp(name, "mkdir") == 0 || strcmp(name, "mkdirat") == 0) {
    if (!arg) {
      snprintf(tmp, sizeof(tmp), "/tmp/.probe-syscall-%ld", (long)getpid());
      arg = tmp;
    }
#ifdef SYS_mkdir
    if (strcmp(name, "mkdir") == 0)
      r = syscall(SYS_mkdir, arg, 0755);
    else
#endif
      r = syscall(SYS_mkdirat, AT_FDCWD, arg, 0755);
    if (r == 0) rmdir(arg);
  } else if (strcmp(name, "chmod") == 0 || strcmp(name, "fchmodat") == 0) {
    if (!arg) arg = "/";
    struct stat st;
    mode_t m = stat(arg, &st) == 0 ? (st.st_mode & 07777) : 0755;
#ifdef SYS_chmod
    if (strcmp(name, "chmod") == 0)
      r = syscall(SYS_chmod, arg, m);
    else
#endif
      r = syscall(SYS_fchmodat, AT_FDCWD, arg, m);
  } else if (strcmp(name, "sethostname") == 0) {
    struct utsname u;
    uname(&u);
    r = syscall(SYS_sethostname, u.nodename, strlen(u.nodename));
  } else if (strcmp(name, "unshare") == 0) {
    r = syscall(SYS_unshare, 0);
  } else {
    errno = EINVAL;
    return -2;
  }
  *ret = r;
  return r < 0 ? -1 : 0;
}

/* Attempts one operation (argv[1] is OP) and appends its result object to b; 0, or 2 on a usage error. */
static int try_one(int argc, char **argv, struct jbuf *out) {
  if (argc < 2) {
    fprintf(stderr, "probe try: expected an operation (open-read, open-write, create, exec, mkdir, "
                    "sethostname, mount-tmpfs, syscall, setuid)\n");
    return 2;
  }
  const char *op = argv[1];
  int e = 0;
  long long result = 0;
  int has_result = 0;
  if (strcmp(op, "open-read") == 0 || strcmp(op, "open-write") == 0) {
    if (!need(argc, 3, op, "a path")) return 2;
    int fd = open(argv[2], (op[5] == 'r' ? O_RDONLY : O_WRONLY) | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
      e = errno;
    else
      close(fd);
  } else if (strcmp(op, "create") == 0) {
    if (!need(argc, 3, op, "a path")) return 2;
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
      e = errno;
    } else {
      close(fd);
      unlink(argv[2]);
    }
  } else if (strcmp(op, "exec") == 0) {
    if (!need(argc, 3, op, "a path")) return 2;
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
      e = errno;
    } else {
      pid_t c = fork();
      if (c == 0) {
        close(p[0]);
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
          dup2(devnull, 0);
          dup2(devnull, 1);
        }
        execv(argv[2], argv + 2);
        int ce = errno;
        (void)!write(p[1], &ce, sizeof(ce));
        _exit(127);
      }
      close(p[1]);
      if (c < 0) {
        e = errno;
      } else {
        int ce = 0;
        if (read(p[0], &ce, sizeof(ce)) == (ssize_t)sizeof(ce)) e = ce;
        int st = 0;
        while (waitpid(c, &st, 0) < 0 && errno == EINTR) {
        }
        if (!e) {
          has_result = 1;
          result = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        }
      }
      close(p[0]);
    }
  } else if (strcmp(op, "mkdir") == 0) {
    if (!need(argc, 3, op, "a path")) return 2;
    if (mkdir(argv[2], 0755) != 0)
      e = errno;
    else
      rmdir(argv[2]);
  } else if (strcmp(op, "sethostname") == 0) {
    if (!need(argc, 3, op, "a name")) return 2;
    if (sethostname(argv[2], strlen(argv[2])) != 0) e = errno;
  } else if (strcmp(op, "mount-tmpfs") == 0) {
    if (!need(argc, 3, op, "a path")) return 2;
    if (mount("tmpfs", argv[2], "tmpfs", 0, "size=64k") != 0)
      e = errno;
    else
      umount2(argv[2], MNT_DETACH);
  } else if (strcmp(op, "syscall") == 0) {
    if (!need(argc, 3, op, "a syscall name (getcwd, getpid, getuid, uname, personality, mkdir, "
                           "mkdirat, chmod, fchmodat, sethostname, unshare)"))
      return 2;
    long r = 0;
    int rc = try_syscall(argv[2], argc > 3 ? argv[3] : NULL, &r);
    if (rc == -2) {
      fprintf(stderr, "probe try syscall: unknown syscall name %s\n", argv[2]);
      return 2;
    }
    if (rc < 0) {
      e = errno;
    } else {
      has_result = 1;
      result = r;
    }
  } else if (strcmp(op, "setuid") == 0) {
    if (!need(argc, 3, op, "a uid")) return 2;
    if (setuid((uid_t)strtoul(argv[2], NULL, 10)) != 0) e = errno;
  } else if (cgroup_try_known(op)) {
    if (cgroup_try(argc, argv, &e, &result, &has_result) != 0) return 2;
  } else {
    fprintf(stderr, "probe try: unknown operation %s\n", op);
    return 2;
  }
  jb_obj_begin(out);
  jb_kstr(out, "op", op);
  jb_key(out, "args");
  jb_arr_begin(out);
  for (int i = 2; i < argc; i++) jb_str(out, argv[i]);
  jb_arr_end(out);
  jb_errno_fields(out, e);
  if (has_result) jb_kint(out, "result", result);
  jb_obj_end(out);
  return 0;
}

int mode_try(int argc, char **argv) {
  struct jbuf b;
  jb_init(&b);
  int rc = try_one(argc, argv, &b);
  if (rc == 0) {
    jb_raw(&b, "\n", 1);
    rc = jb_write_fd(&b, 1) == 0 ? 0 : 3;
  }
  jb_free(&b);
  return rc;
}

/* `probe tries OP ARGS... [-- OP ARGS...]...`: each operation in turn, one JSON array of results. */
int mode_tries(int argc, char **argv) {
  struct jbuf b;
  jb_init(&b);
  jb_arr_begin(&b);
  int start = 1;
  int rc = 0;
  while (start <= argc && rc == 0) {
    int end = start;
    while (end < argc && strcmp(argv[end], "--") != 0) end++;
    if (end == start) {
      fputs("probe tries: expected an operation before and after each --\n", stderr);
      rc = 2;
      break;
    }
    /* try_one expects argv[0] to be the mode and argv[1] the operation; the segment is NULL-terminated
     * for the duration of the call (exec passes it to execv). */
    char *saved = argv[end];
    argv[end] = NULL;
    rc = try_one(end - start + 1, argv + start - 1, &b);
    argv[end] = saved;
    start = end + 1;
  }
  jb_arr_end(&b);
  if (rc == 0) {
    jb_raw(&b, "\n", 1);
    rc = jb_write_fd(&b, 1) == 0 ? 0 : 3;
  }
  jb_free(&b);
  return rc;
}
