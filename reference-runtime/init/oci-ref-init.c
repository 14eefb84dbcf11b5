// oci-ref-init: the native half of the reference runtime. It makes the syscalls Node cannot
// (clone into namespaces, setns, mount, pivot_root, capset, seccomp, execve) from a plan that
// the TypeScript CLI resolved from config.json. Protocol: see reference-runtime/README.md.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

/* ---------- plan ---------- */

typedef struct {
  int n;
  char **f;
} line_t;

static line_t *plan;
static int nplan;

/* Where errors go: the create sync socket (fd 3), then the start connection. */
static int errfd = 3;
static int syncfd = 3;

static void sendall(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return;
    }
    s += w;
    n -= (size_t)w;
  }
}

__attribute__((noreturn, format(printf, 1, 2))) static void fail(const char *fmt, ...) {
  int saved = errno;
  char msg[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg, sizeof msg - 256, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  if ((size_t)n > sizeof msg - 256) n = (int)(sizeof msg - 256);
  if (saved != 0) snprintf(msg + n, sizeof msg - (size_t)n, ": %s", strerror(saved));
  for (char *p = msg; *p; p++)
    if (*p == '\n' || *p == '\t') *p = ' ';
  char out[4200];
  int m = snprintf(out, sizeof out, "error\t%s\n", msg);
  if (errfd >= 0) sendall(errfd, out, (size_t)m);
  else sendall(2, out, (size_t)m);
  _exit(1);
}

#define CHECK(expr, ...)                                                                                     \
  do {                                                                                                       \
    errno = 0;                                                                                               \
    if ((expr) < 0) fail(__VA_ARGS__);                                                                       \
  } while (0)

static void unescape(char *s) {
  char *o = s;
  for (char *p = s; *p; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      *o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
    } else {
      *o++ = *p;
    }
  }
  *o = 0;
}

static void load_plan(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("open plan %s", path);
  size_t cap = 65536, len = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (len + 1 >= cap) buf = realloc(buf, cap *= 2);
    ssize_t r = read(fd, buf + len, cap - len - 1);
    if (r < 0) fail("read plan");
    if (r == 0) break;
    len += (size_t)r;
  }
  close(fd);
  buf[len] = 0;
  int maxl = 1;
  for (size_t i = 0; i < len; i++)
    if (buf[i] == '\n') maxl++;
  plan = calloc((size_t)maxl, sizeof *plan);
  char *save = NULL;
  for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
    int nf = 1;
    for (char *p = l; *p; p++)
      if (*p == '\t') nf++;
    line_t *ln = &plan[nplan++];
    ln->f = calloc((size_t)nf + 1, sizeof(char *));
    ln->n = 0;
    char *start = l;
    for (char *p = l;; p++) {
      if (*p == '\t' || *p == 0) {
        int end = *p == 0;
        *p = 0;
        unescape(start);
        ln->f[ln->n++] = start;
        if (end) break;
        start = p + 1;
      }
    }
  }
}

static const char *get1(const char *key) {
  for (int i = 0; i < nplan; i++)
    if (plan[i].n >= 2 && strcmp(plan[i].f[0], key) == 0) return plan[i].f[1];
  return NULL;
}

#define FOR_LINES(var, key)                                                                                  \
  for (int _i = 0; _i < nplan; _i++)                                                                         \
    for (line_t *var = &plan[_i]; var && strcmp(var->f[0], key) == 0; var = NULL)

static unsigned long long num(const char *s) { return strtoull(s, NULL, 0); }

/* ---------- small helpers ---------- */

static void write_file(const char *path, const char *data) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) fail("open %s", path);
  size_t n = strlen(data);
  if (write(fd, data, n) != (ssize_t)n) fail("write %s to %s", data, path);
  close(fd);
}

static void mkdir_p(const char *path, mode_t mode) {
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s", path);
  for (char *p = tmp + 1; *p; p++) {
    if (*p == '/') {
      *p = 0;
      if (mkdir(tmp, mode) < 0 && errno != EEXIST) fail("mkdir %s", tmp);
      *p = '/';
    }
  }
  if (mkdir(tmp, mode) < 0 && errno != EEXIST) fail("mkdir %s", tmp);
}

static void touch_file(const char *path) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash && slash != dir) {
    *slash = 0;
    mkdir_p(dir, 0755);
  }
  int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0 && errno != EISDIR) fail("create mount point %s", path);
  if (fd >= 0) close(fd);
}

static char *readline_fd(int fd) {
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  for (;;) {
    char c;
    ssize_t r = read(fd, &c, 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      free(buf);
      return NULL;
    }
    if (c == '\n') break;
    if (len + 1 >= cap) buf = realloc(buf, cap *= 2);
    buf[len++] = c;
  }
  buf[len] = 0;
  return buf;
}

static char rootfs[4096];

/*
 * Resolves PATH (absolute, as the container sees it) to a host path inside the rootfs, following
 * symlinks as if the rootfs were `/` so that neither `..` nor a link can lead out of it. Missing
 * components are appended as they are. `follow_last` = 0 leaves a final symlink itself.
 */
static void secure_join(char *out, size_t n, const char *path, int follow_last) {
  char rest[8192], cur[4096] = "";
  snprintf(rest, sizeof rest, "%s", path);
  char *p = rest;
  int links = 0;
  for (;;) {
    while (*p == '/') p++;
    if (!*p) break;
    size_t len = strcspn(p, "/");
    char comp[256];
    errno = 0;
    if (len >= sizeof comp) fail("path component too long in %s", path);
    memcpy(comp, p, len);
    comp[len] = 0;
    p += len;
    if (strcmp(comp, ".") == 0) continue;
    if (strcmp(comp, "..") == 0) {
      char *slash = strrchr(cur, '/');
      if (slash) *slash = 0;
      continue;
    }
    char cand[8192], target[4096];
    snprintf(cand, sizeof cand, "%s%s/%s", rootfs, cur, comp);
    int last = p[strspn(p, "/")] == 0;
    ssize_t t = (last && !follow_last) ? -1 : readlink(cand, target, sizeof target - 1);
    if (t < 0) {
      size_t cl = strlen(cur);
      snprintf(cur + cl, sizeof cur - cl, "/%s", comp);
      continue;
    }
    errno = 0;
    if (++links > 40) fail("too many levels of symbolic links in %s", path);
    target[t] = 0;
    char next[8192];
    snprintf(next, sizeof next, "%s/%s", target, p);
    if (target[0] == '/') cur[0] = 0;
    snprintf(rest, sizeof rest, "%s", next);
    p = rest;
  }
  snprintf(out, n, "%s%s", rootfs, cur);
}

static void in_rootfs(char *out, size_t n, const char *p) { secure_join(out, n, p, 1); }
static void in_rootfs_nofollow(char *out, size_t n, const char *p) { secure_join(out, n, p, 0); }

/* ---------- hooks (createContainer and startContainer run here, in the container namespaces) ---------- */

/* The container process's environment from the plan's env lines (process.env and the HOME default). */
static char **plan_env(void) {
  int n = 0;
  FOR_LINES(e, "env") n++;
  char **v = calloc((size_t)n + 1, sizeof(char *));
  n = 0;
  FOR_LINES(e, "env") v[n++] = e->f[1];
  return v;
}

// cwd: where the hooks start (NULL: the init's own).
static void run_hooks(const char *kind, const char *state, char **default_env, const char *cwd) {
  int idx = 0;
  FOR_LINES(h, "hook") {
    // hook KIND TIMEOUT PATH ARGC ARGS... ENVC ENV...
    if (h->n < 5 || strcmp(h->f[1], kind) != 0) continue;
    int timeout = atoi(h->f[2]);
    const char *path = h->f[3];
    int argc = atoi(h->f[4]);
    char **args = calloc((size_t)argc + 2, sizeof(char *));
    for (int a = 0; a < argc; a++) args[a] = h->f[5 + a];
    if (argc == 0) args[0] = (char *)path;
    // ENVC -1: the hook has no env. SPEC: silent; like runc, the hooks that run in the container get the
    // container process's environment (the runtime's would carry the host's variables into the container).
    int envc = atoi(h->f[5 + argc]);
    char **env = default_env;
    if (envc >= 0) {
      env = calloc((size_t)envc + 1, sizeof(char *));
      for (int e = 0; e < envc; e++) env[e] = h->f[6 + argc + e];
    }
    int p[2];
    CHECK(pipe2(p, O_CLOEXEC), "pipe for %s hook", kind);
    pid_t pid = fork();
    if (pid < 0) fail("fork %s hook", kind);
    if (pid == 0) {
      signal(SIGPIPE, SIG_DFL);
      dup2(p[0], 0);
      if (cwd && chdir(cwd) < 0) {
        dprintf(2, "%s hook #%d: chdir %s: %s\n", kind, idx, cwd, strerror(errno));
        _exit(127);
      }
      execve(path, args, env);
      dprintf(2, "%s hook #%d: exec %s: %s\n", kind, idx, path, strerror(errno));
      _exit(127);
    }
    close(p[0]);
    sendall(p[1], state, strlen(state));
    close(p[1]);
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = 0;
    for (;;) {
      pid_t w = waitpid(pid, &status, WNOHANG);
      if (w == pid) break;
      if (w < 0 && errno != EINTR) fail("wait for %s hook #%d", kind, idx);
      clock_gettime(CLOCK_MONOTONIC, &now);
      if (timeout > 0 && now.tv_sec - t0.tv_sec >= timeout) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        errno = 0;
        fail("%s hook #%d (%s) timed out after %d s", kind, idx, path, timeout);
      }
      struct timespec d = {0, 5 * 1000 * 1000};
      nanosleep(&d, NULL);
    }
    errno = 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
      fail("%s hook #%d (%s) could not be executed", kind, idx, path);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      fail("%s hook #%d (%s) failed: expected exit status 0, got %s %d", kind, idx, path,
           WIFEXITED(status) ? "exit status" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    free(args);
    if (env != default_env) free(env);
    idx++;
  }
}

/* ---------- mounts ---------- */

static void do_mount(line_t *m) {
  // mount DEST TYPE SOURCE FLAGS PROPFLAGS DATA
  if (m->n < 7) fail("malformed mount line");
  char target[4096];
  in_rootfs(target, sizeof target, m->f[1]);
  const char *type = m->f[2];
  const char *src = m->f[3];
  unsigned long flags = (unsigned long)num(m->f[4]);
  unsigned long prop = (unsigned long)num(m->f[5]);
  const char *data = m->f[6][0] ? m->f[6] : NULL;
  struct stat st;
  if ((flags & MS_BIND) && stat(src, &st) == 0 && !S_ISDIR(st.st_mode)) {
    touch_file(target);
  } else {
    mkdir_p(target, 0755);
  }
  if (flags & MS_BIND) {
    errno = 0;
    if (mount(src, target, NULL, MS_BIND | (flags & MS_REC), NULL) < 0)
      fail("bind mount %s on %s", src, m->f[1]);
    unsigned long rest = flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
    if (rest) {
      struct statvfs sv;
      unsigned long locked = 0;
      if (statvfs(target, &sv) == 0) {
        if (sv.f_flag & ST_NOSUID) locked |= MS_NOSUID;
        if (sv.f_flag & ST_NODEV) locked |= MS_NODEV;
        if (sv.f_flag & ST_NOEXEC) locked |= MS_NOEXEC;
      }
      if (mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | rest | locked, NULL) < 0)
        fail("remount bind mount %s with its options", m->f[1]);
    }
  } else {
    errno = 0;
    if (mount(src, target, type, flags, data) < 0) {
      if (errno == EPERM && strcmp(type, "sysfs") == 0) {
        // In a user namespace without its own network namespace the kernel refuses sysfs.
        if (mount("/sys", target, NULL, MS_BIND | MS_REC, NULL) < 0) fail("bind /sys on %s", m->f[1]);
      } else {
        fail("mount %s (type %s, source %s, flags %#lx, data %s)", m->f[1], type, src, flags, data ? data : "");
      }
    }
  }
  if (prop) CHECK(mount(NULL, target, NULL, prop, NULL), "set propagation of %s", m->f[1]);
  unsigned long long aset = m->n > 8 ? num(m->f[7]) : 0, aclr = m->n > 8 ? num(m->f[8]) : 0;
  if (aset || aclr) {
    // The recursive (r*) options: mount_setattr(2) with AT_RECURSIVE (Linux 5.12).
    struct {
      uint64_t attr_set, attr_clr, propagation, userns_fd;
    } attr = {aset, aclr, 0, 0};
    CHECK(syscall(SYS_mount_setattr, AT_FDCWD, target, AT_RECURSIVE, &attr, sizeof attr),
          "apply the recursive mount options of %s (mount_setattr set %#llx clear %#llx)", m->f[1], aset, aclr);
  }
}

static void make_device(line_t *d) {
  // device PATH TYPE MAJOR MINOR MODE UID GID
  char target[4096];
  in_rootfs_nofollow(target, sizeof target, d->f[1]);
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", target);
  char *slash = strrchr(dir, '/');
  if (slash) {
    *slash = 0;
    mkdir_p(dir, 0755);
  }
  mode_t kind = d->f[2][0] == 'b' ? S_IFBLK : d->f[2][0] == 'p' ? S_IFIFO : S_IFCHR;
  mode_t mode = (mode_t)num(d->f[5]);
  dev_t dev = makedev((unsigned)num(d->f[3]), (unsigned)num(d->f[4]));
  struct stat old;
  if (d->n > 8 && strcmp(d->f[8], "strict") == 0 && lstat(target, &old) == 0) {
    // SPEC: config-linux.md "Devices": a file already at path that is not this device is an error.
    errno = 0;
    if ((old.st_mode & S_IFMT) != kind || (kind != S_IFIFO && old.st_rdev != dev))
      fail("linux.devices: %s already exists in the rootfs and is not the requested device", d->f[1]);
  }
  unlink(target);
  if (mknod(target, kind | (mode & 07777), dev) < 0) {
    if (errno != EPERM) fail("mknod %s", d->f[1]);
    // No CAP_MKNOD (user namespace): bind the host's node of the same path instead.
    touch_file(target);
    CHECK(mount(d->f[1], target, NULL, MS_BIND, NULL), "bind device %s from the host", d->f[1]);
    return;
  }
  CHECK(chmod(target, mode & 07777), "chmod %s", d->f[1]);
  CHECK(chown(target, (uid_t)num(d->f[6]), (gid_t)num(d->f[7])), "chown %s", d->f[1]);
}

static void mask_path(const char *p) {
  struct stat st;
  if (stat(p, &st) < 0) {
    if (errno == ENOENT) return;
    fail("stat masked path %s", p);
  }
  if (S_ISDIR(st.st_mode)) {
    // SPEC: a masked directory is an empty read-only tmpfs with no options, as runc mounts it (crun
    // adds size=0k); the spec only says the path must not be readable.
    CHECK(mount("tmpfs", p, "tmpfs", MS_RDONLY, NULL), "mask directory %s", p);
  } else {
    CHECK(mount("/dev/null", p, NULL, MS_BIND, NULL), "mask file %s", p);
  }
}

static void readonly_path(const char *p) {
  if (mount(p, p, NULL, MS_BIND | MS_REC, NULL) < 0) {
    if (errno == ENOENT) return;
    fail("bind readonly path %s", p);
  }
  struct statvfs sv;
  unsigned long locked = 0;
  if (statvfs(p, &sv) == 0) {
    if (sv.f_flag & ST_NOSUID) locked |= MS_NOSUID;
    if (sv.f_flag & ST_NODEV) locked |= MS_NODEV;
    if (sv.f_flag & ST_NOEXEC) locked |= MS_NOEXEC;
  }
  CHECK(mount(NULL, p, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_REC | locked, NULL), "remount %s read-only", p);
}

/* ---------- process ---------- */

static int nenv;
static char **envp;
static int nargs;
static char **argvp;
static char exe[4096];

static const char *env_path(void) {
  for (int i = 0; i < nenv; i++)
    if (strncmp(envp[i], "PATH=", 5) == 0) return envp[i] + 5;
  return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

static void resolve_exe(void) {
  const char *a0 = argvp[0];
  errno = 0;
  if (strchr(a0, '/')) {
    struct stat st;
    if (stat(a0, &st) < 0) fail("process.args[0] %s", a0);
    if (!S_ISREG(st.st_mode)) fail("process.args[0] %s: expected a regular file", a0);
    snprintf(exe, sizeof exe, "%s", a0);
    return;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s", env_path());
  char *save = NULL;
  for (char *dir = strtok_r(path, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
    char cand[4096];
    snprintf(cand, sizeof cand, "%s/%s", *dir ? dir : ".", a0);
    struct stat st;
    if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) {
      snprintf(exe, sizeof exe, "%s", cand);
      return;
    }
  }
  errno = 0;
  fail("process.args[0] %s: executable file not found in $PATH", a0);
}

static void set_caps(void) {
  const char *bnd = get1("capbounding");
  if (!bnd) return; // process.capabilities absent: leave the sets as the user switch made them
  unsigned long long b = num(bnd);
  int last = 40;
  FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
  if (f) {
    if (fscanf(f, "%d", &last) != 1) last = 40;
    fclose(f);
  }
  for (int c = 0; c <= last; c++)
    if (!(b & (1ULL << c))) CHECK(prctl(PR_CAPBSET_DROP, c, 0, 0, 0), "drop capability %d from the bounding set", c);
}

static void apply_caps_after_user(void) {
  const char *eff = get1("capeffective");
  if (!eff) return;
  unsigned long long e = num(eff), p = num(get1("cappermitted")), in = num(get1("capinheritable"));
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  d[0].effective = (uint32_t)e;
  d[1].effective = (uint32_t)(e >> 32);
  d[0].permitted = (uint32_t)p;
  d[1].permitted = (uint32_t)(p >> 32);
  d[0].inheritable = (uint32_t)in;
  d[1].inheritable = (uint32_t)(in >> 32);
  CHECK(syscall(SYS_capset, &h, d), "capset (effective %#llx, permitted %#llx, inheritable %#llx)", e, p, in);
  unsigned long long amb = num(get1("capambient"));
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  for (int c = 0; c < 64; c++) {
    if (!(amb & (1ULL << c))) continue;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0) {
      // SPEC: since 1.1.0 a capability that cannot be granted is a warning, not an error (the kernel
      // refuses an ambient capability missing from the permitted or inheritable set).
      char msg[256];
      int n = snprintf(msg, sizeof msg, "warning\tprocess.capabilities.ambient: capability %d cannot be raised (%s); ignored\n", c, strerror(errno));
      sendall(syncfd, msg, (size_t)n);
    }
  }
}

static void switch_user(void) {
  const char *u = get1("user");
  if (!u) return;
  line_t *ul = NULL;
  FOR_LINES(l, "user") ul = l;
  uid_t uid = (uid_t)num(ul->f[1]);
  gid_t gid = (gid_t)num(ul->f[2]);
  gid_t groups[1024];
  int ng = 0;
  FOR_LINES(g, "group") {
    if (ng < 1024) groups[ng++] = (gid_t)num(g->f[1]);
  }
  CHECK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0), "set keepcaps");
  if (setgroups((size_t)ng, groups) < 0 && !(errno == EPERM && ng == 0 && get1("userns")))
    fail("setgroups (%d additional gids)", ng);
  CHECK(setresgid(gid, gid, gid), "setresgid %u", gid);
  CHECK(setresuid(uid, uid, uid), "setresuid %u", uid);
  CHECK(prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0), "clear keepcaps");
}

static struct sock_fprog seccomp_prog;
static unsigned seccomp_flags;

static void load_seccomp_plan(void) {
  const char *hex = NULL;
  FOR_LINES(s, "seccomp") {
    seccomp_flags = (unsigned)num(s->f[1]);
    hex = s->f[2];
  }
  if (!hex) return;
  size_t n = strlen(hex) / 16;
  struct sock_filter *f = calloc(n, sizeof *f);
  for (size_t i = 0; i < n; i++) {
    char part[17];
    memcpy(part, hex + i * 16, 16);
    part[16] = 0;
    unsigned long long v = strtoull(part, NULL, 16);
    f[i].code = (uint16_t)(v >> 48);
    f[i].jt = (uint8_t)(v >> 40);
    f[i].jf = (uint8_t)(v >> 32);
    f[i].k = (uint32_t)v;
  }
  seccomp_prog.len = (unsigned short)n;
  seccomp_prog.filter = f;
}

/* ---------- container init (C1) ---------- */

static int lsock = -1;

static void child_main(int syncpipe) {
  char b;
  if (read(syncpipe, &b, 1) != 1) fail("parent died before namespace setup finished");
  close(syncpipe);
  signal(SIGPIPE, SIG_IGN);

  if (get1("userns")) {
    CHECK(setresgid(0, 0, 0), "become gid 0 in the user namespace");
    CHECK(setresuid(0, 0, 0), "become uid 0 in the user namespace");
  }
  const char *hn = get1("hostname");
  if (hn) CHECK(sethostname(hn, strlen(hn)), "sethostname %s", hn);
  const char *dn = get1("domainname");
  if (dn) CHECK(setdomainname(dn, strlen(dn)), "setdomainname %s", dn);

  snprintf(rootfs, sizeof rootfs, "%s", get1("rootfs"));
  int newmnt = get1("newmountns") != NULL;
  if (newmnt) {
    CHECK(mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL), "make / a recursive slave");
    CHECK(mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL), "bind the rootfs %s on itself", rootfs);
  }
  FOR_LINES(m, "mount") do_mount(m);
  FOR_LINES(d, "device") make_device(d);
  FOR_LINES(s, "symlink") {
    char p[4096];
    in_rootfs_nofollow(p, sizeof p, s->f[2]);
    if (symlink(s->f[1], p) < 0 && errno != EEXIST) fail("symlink %s -> %s", s->f[2], s->f[1]);
  }

  FOR_LINES(r, "remount") {
    char p[4096];
    in_rootfs(p, sizeof p, r->f[1]);
    CHECK(mount(NULL, p, NULL, MS_REMOUNT | MS_BIND | (unsigned long)num(r->f[2]), NULL), "remount %s", r->f[1]);
  }

  // prestart and createRuntime run on the host now (the CLI does it); then createContainer here.
  sendall(syncfd, "hooks\n", 6);
  char *reply = readline_fd(syncfd);
  errno = 0;
  if (!reply) fail("the runtime went away during create");
  if (strncmp(reply, "continue\t", 9) != 0) _exit(1);
  // SPEC: silent on the hook's cwd; like runc, the rootfs (the container's / before pivot_root), never
  // the caller's directory on the host.
  run_hooks("createContainer", reply + 9, get1("noprocess") ? environ : plan_env(), rootfs);

  if (newmnt) {
    // The old root is stacked on the new one after pivot_root; "." must name it (mount(2) does not look
    // down the stack as umount2 does), or the container's own mounts would become slaves and lose `shared`.
    int oldroot = open("/", O_DIRECTORY | O_PATH | O_CLOEXEC);
    if (oldroot < 0) fail("open the old root");
    CHECK(chdir(rootfs), "chdir %s", rootfs);
    CHECK(syscall(SYS_pivot_root, ".", "."), "pivot_root %s", rootfs);
    CHECK(fchdir(oldroot), "chdir to the old root");
    close(oldroot);
    CHECK(mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL), "make the old root a slave");
    CHECK(umount2(".", MNT_DETACH), "detach the old root");
    CHECK(chdir("/"), "chdir /");
  } else {
    CHECK(chroot(rootfs), "chroot %s", rootfs);
    CHECK(chdir("/"), "chdir /");
  }

  FOR_LINES(s, "sysctl") {
    char p[4096];
    snprintf(p, sizeof p, "/proc/sys/%s", s->f[1]);
    for (char *c = p + 10; *c; c++)
      if (*c == '.') *c = '/';
    write_file(p, s->f[2]);
  }
  FOR_LINES(m, "masked") mask_path(m->f[1]);
  FOR_LINES(r, "readonlypath") readonly_path(r->f[1]);
  // After the masks: a file of an unbindable root cannot be the source of their bind mounts.
  const char *prop = newmnt ? get1("rootpropagation") : NULL;
  if (prop && num(prop)) CHECK(mount(NULL, "/", NULL, (unsigned long)num(prop), NULL), "set rootfsPropagation");
  if (get1("readonlyroot")) {
    struct statvfs sv;
    unsigned long locked = 0;
    if (statvfs("/", &sv) == 0) {
      if (sv.f_flag & ST_NOSUID) locked |= MS_NOSUID;
      if (sv.f_flag & ST_NODEV) locked |= MS_NODEV;
      if (sv.f_flag & ST_NOEXEC) locked |= MS_NOEXEC;
    }
    CHECK(mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | locked, NULL), "remount the root read-only");
  }
  FOR_LINES(r, "rlimit") {
    struct rlimit rl = {(rlim_t)num(r->f[2]), (rlim_t)num(r->f[3])};
    CHECK(setrlimit((int)num(r->f[1]), &rl), "setrlimit %s", r->f[1]);
  }
  const char *oom = get1("oomscoreadj");
  if (oom) write_file("/proc/self/oom_score_adj", oom);
  FOR_LINES(sc, "sched") {
    /* struct sched_attr, SCHED_ATTR_SIZE_VER0 (48 bytes). */
    struct { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t prio; uint64_t runtime, deadline, period; } sa = {
        48, (uint32_t)num(sc->f[1]), (uint64_t)num(sc->f[2]), (int32_t)num(sc->f[3]), (uint32_t)num(sc->f[4]),
        (uint64_t)num(sc->f[5]), (uint64_t)num(sc->f[6]), (uint64_t)num(sc->f[7])};
    CHECK(syscall(SYS_sched_setattr, 0, &sa, 0), "sched_setattr (process.scheduler)");
  }
  const char *iop = get1("ioprio");
  if (iop) CHECK(syscall(SYS_ioprio_set, 1, 0, (int)num(iop)), "ioprio_set (process.ioPriority)");

  int noproc = get1("noprocess") != NULL;
  if (!noproc) {
  FOR_LINES(a, "arg") nargs++;
  FOR_LINES(e, "env") nenv++;
  argvp = calloc((size_t)nargs + 1, sizeof(char *));
  envp = calloc((size_t)nenv + 1, sizeof(char *));
  nargs = nenv = 0;
  FOR_LINES(a, "arg") argvp[nargs++] = a->f[1];
  FOR_LINES(e, "env") envp[nenv++] = e->f[1];
  if (nargs == 0) {
    errno = 0;
    fail("process.args must not be empty");
  }

  load_seccomp_plan();
  // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN, which the user switch may drop:
  // load it now (as runc does); with no_new_privs it is loaded as late as possible, before execve.
  if (seccomp_prog.len && !get1("nonewprivs")) {
    CHECK(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, seccomp_flags, &seccomp_prog), "load the seccomp filter");
    seccomp_prog.len = 0;
  }
  set_caps();
  switch_user();
  apply_caps_after_user();
  const char *cwd = get1("cwd");
  CHECK(chdir(cwd ? cwd : "/"), "chdir to process.cwd %s", cwd ? cwd : "/");
  resolve_exe();
  }

  // Created: tell the CLI, drop the sync socket, wait for `start`.
  sendall(syncfd, "created\n", 8);
  close(syncfd);
  errfd = -1;
  int conn;
  for (;;) {
    conn = accept4(lsock, NULL, NULL, SOCK_CLOEXEC);
    if (conn < 0) {
      if (errno == EINTR) continue;
      _exit(1);
    }
    char *req = readline_fd(conn);
    if (req && strncmp(req, "start\t", 6) == 0) {
      errfd = conn;
      close(lsock);
      if (noproc) {
        errno = 0;
        fail("the config has no process: nothing to start");
      }
      run_hooks("startContainer", req + 6, envp, NULL);
      break;
    }
    close(conn);
  }
  const char *um = get1("umask");
  umask(um ? (mode_t)num(um) : 022);
  if (get1("nonewprivs")) CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "set no_new_privs");
  signal(SIGPIPE, SIG_DFL);
  syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
  if (seccomp_prog.len)
    CHECK(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, seccomp_flags, &seccomp_prog), "load the seccomp filter");
  execve(exe, argvp, envp);
  fail("execve %s", exe);
}

/* ---------- cgroup v2 device filter ---------- */

static void attach_device_filter(const char *dir, const char *hex) {
  size_t n = strlen(hex) / 16;
  struct bpf_insn *insns = calloc(n, sizeof *insns);
  for (size_t i = 0; i < n; i++) {
    char part[9];
    const char *h = hex + i * 16;
    memcpy(part, h, 2), part[2] = 0;
    insns[i].code = (uint8_t)strtoul(part, NULL, 16);
    memcpy(part, h + 2, 1), part[1] = 0;
    insns[i].dst_reg = (uint8_t)strtoul(part, NULL, 16);
    memcpy(part, h + 3, 1), part[1] = 0;
    insns[i].src_reg = (uint8_t)strtoul(part, NULL, 16);
    memcpy(part, h + 4, 4), part[4] = 0;
    insns[i].off = (int16_t)strtoul(part, NULL, 16);
    memcpy(part, h + 8, 8), part[8] = 0;
    insns[i].imm = (int32_t)strtoul(part, NULL, 16);
  }
  static char log[65536];
  union bpf_attr a;
  memset(&a, 0, sizeof a);
  a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  a.insns = (uint64_t)(uintptr_t)insns;
  a.insn_cnt = (uint32_t)n;
  a.license = (uint64_t)(uintptr_t) "Apache-2.0";
  a.log_buf = (uint64_t)(uintptr_t)log;
  a.log_size = sizeof log;
  a.log_level = 1;
  int pfd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof a);
  if (pfd < 0) {
    log[sizeof log - 1] = 0;
    char *nl;
    while ((nl = strchr(log, '\n'))) *nl = ' ';
    fail("load the device filter (%zu instructions; verifier: %.300s)", n, log);
  }
  int cfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cfd < 0) fail("open cgroup %s", dir);
  memset(&a, 0, sizeof a);
  a.target_fd = (uint32_t)cfd;
  a.attach_bpf_fd = (uint32_t)pfd;
  a.attach_type = BPF_CGROUP_DEVICE;
  a.attach_flags = BPF_F_ALLOW_MULTI;
  CHECK(syscall(SYS_bpf, BPF_PROG_ATTACH, &a, sizeof a), "attach the device filter to %s", dir);
  close(cfd);
  close(pfd);
  free(insns);
}

/* ---------- launcher (P0) ---------- */

static const struct {
  const char *name;
  int flag;
} nstypes[] = {
    {"user", CLONE_NEWUSER}, {"mount", CLONE_NEWNS}, {"pid", CLONE_NEWPID},     {"network", CLONE_NEWNET},
    {"ipc", CLONE_NEWIPC},   {"uts", CLONE_NEWUTS},  {"cgroup", CLONE_NEWCGROUP}, {"time", CLONE_NEWTIME},
};

static int ns_flag(const char *t) {
  for (size_t i = 0; i < sizeof nstypes / sizeof nstypes[0]; i++)
    if (strcmp(nstypes[i].name, t) == 0) return nstypes[i].flag;
  errno = 0;
  fail("unknown namespace type %s", t);
}

static void write_map(pid_t pid, const char *file, const char *key) {
  char buf[8192] = "";
  size_t len = 0;
  FOR_LINES(m, key) len += (size_t)snprintf(buf + len, sizeof buf - len, "%s %s %s\n", m->f[1], m->f[2], m->f[3]);
  if (!len) return;
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
  write_file(path, buf);
}

static void print_syscalls(void);

/*
 * Run from a sealed in-memory copy of this binary (the CVE-2019-5736 class): every process of ours a
 * container can see, through /proc/PID/exe or a `#!/proc/self/exe` interpreter, is that copy, which
 * cannot be written; the file on the host is never reachable from inside. Costs one copy per create.
 */
static void run_from_sealed_copy(char **argv) {
  int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (self < 0) fail("open /proc/self/exe");
  int seals = fcntl(self, F_GET_SEALS);
  if (seals >= 0 && (seals & F_SEAL_WRITE)) {
    close(self);
    return; // already the sealed copy
  }
  struct stat st;
  CHECK(fstat(self, &st), "stat /proc/self/exe");
  int copy = memfd_create("oci-ref-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (copy < 0) fail("memfd_create for a sealed copy of the init");
  off_t off = 0;
  while (off < st.st_size) {
    ssize_t n = sendfile(copy, self, &off, (size_t)(st.st_size - off));
    if (n <= 0) fail("copy the init into a sealed memfd");
  }
  close(self);
  CHECK(fcntl(copy, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE), "seal the init copy");
  fexecve(copy, argv, environ);
  fail("execute the sealed copy of the init");
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--syscalls") == 0) {
    errfd = 2;
    print_syscalls();
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "--version") == 0) {
    printf("oci-ref-init 1\n");
    return 0;
  }
  if (argc != 2) {
    fprintf(stderr, "usage: oci-ref-init PLAN (started by oci-reference-runtime create)\n");
    return 2;
  }
  if (fcntl(syncfd, F_GETFD) < 0) {
    errfd = 2;
    fail("fd 3 (the sync socket) is not open");
  }
  run_from_sealed_copy(argv); // fd 3 is not close-on-exec yet: it survives the re-exec
  fcntl(syncfd, F_SETFD, FD_CLOEXEC);
  load_plan(argv[1]);

  // The start socket lives in the state dir on the host: bind it with host credentials, before any
  // namespace is joined; the container init inherits the listening fd.
  {
    const char *statedir = get1("statedir");
    lsock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lsock < 0) fail("socket");
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) fail("getcwd");
    CHECK(chdir(statedir), "chdir %s", statedir);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    strcpy(sa.sun_path, "init.sock");
    unlink("init.sock");
    CHECK(bind(lsock, (struct sockaddr *)&sa, sizeof sa), "bind start socket in %s", statedir);
    CHECK(listen(lsock, 4), "listen on start socket");
    CHECK(chdir(cwd), "chdir back to %s", cwd);
  }

  // Join the cgroups first, with host credentials, so every namespace is created inside them.
  char mypid[32];
  snprintf(mypid, sizeof mypid, "%d", getpid());
  FOR_LINES(d, "devbpf") attach_device_filter(d->f[1], d->f[2]);
  FOR_LINES(c, "cgroupjoin") write_file(c->f[1], mypid);

  // Join namespaces given by path; the user namespace first.
  int flags = 0;
  for (int pass = 0; pass < 2; pass++) {
    FOR_LINES(n, "ns") {
      int fl = ns_flag(n->f[1]);
      int isuser = fl == CLONE_NEWUSER;
      if ((pass == 0) != isuser) continue;
      if (n->n >= 3 && n->f[2][0]) {
        int fd = open(n->f[2], O_RDONLY | O_CLOEXEC);
        if (fd < 0) fail("open %s namespace %s", n->f[1], n->f[2]);
        CHECK(setns(fd, fl), "join %s namespace %s", n->f[1], n->f[2]);
        close(fd);
      } else {
        flags |= fl;
      }
    }
  }
  if (flags & CLONE_NEWTIME) {
    CHECK(unshare(CLONE_NEWTIME), "unshare the time namespace");
    const char *off = get1("timeoffsets");
    if (off) write_file("/proc/self/timens_offsets", off);
    flags &= ~CLONE_NEWTIME;
  }
  int sp[2];
  CHECK(pipe2(sp, O_CLOEXEC), "pipe");
  pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, 0, 0, 0, 0);
  if (pid < 0) fail("clone with namespace flags %#x", flags);
  if (pid == 0) {
    close(sp[1]);
    child_main(sp[0]);
    _exit(1);
  }
  close(sp[0]);
  if (flags & CLONE_NEWUSER) {
    write_map(pid, "uid_map", "uidmap");
    write_map(pid, "gid_map", "gidmap");
  }
  char msg[64];
  int n = snprintf(msg, sizeof msg, "pid\t%d\n", pid);
  sendall(syncfd, msg, (size_t)n);
  if (write(sp[1], "x", 1) != 1) fail("release the container init");
  return 0;
}

/* ---------- syscall table (for the seccomp compiler in TypeScript) ---------- */

#include "syscalls.h"

static void print_syscalls(void) {
  for (size_t i = 0; i < sizeof syscall_table / sizeof syscall_table[0]; i++)
    printf("%s %d\n", syscall_table[i].name, syscall_table[i].nr);
}
