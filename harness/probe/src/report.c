/* `probe report`: prints one JSON observation of the process's environment. It judges nothing. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "names.h"
#include "util.h"

extern char **environ;
extern int g_argc;
extern char **g_argv;

#define MAX_PROBES 256

/* Value of "Key:" in /proc/self/status (whitespace-trimmed), or NULL. Points into buf. */
static char *status_field(char *buf, const char *key) {
  size_t kl = strlen(key);
  char *p = buf;
  while (p && *p) {
    if (strncmp(p, key, kl) == 0 && p[kl] == ':') {
      char *v = p + kl + 1;
      while (*v == ' ' || *v == '\t') v++;
      char *end = strchr(v, '\n');
      size_t n = end ? (size_t)(end - v) : strlen(v);
      static char out[4][256];
      static int slot;
      char *o = out[slot++ % 4];
      if (n > 255) n = 255;
      memcpy(o, v, n);
      o[n] = '\0';
      return o;
    }
    p = strchr(p, '\n');
    if (p) p++;
  }
  return NULL;
}

static void jb_capset(struct jbuf *b, const char *hex) {
  jb_obj_begin(b);
  jb_kstr(b, "hex", hex);
  jb_key(b, "names");
  jb_arr_begin(b);
  unsigned long long v = strtoull(hex, NULL, 16);
  for (int bit = 0; bit < 64; bit++) {
    if (v & (1ull << bit)) {
      const char *n = cap_name(bit);
      if (n) {
        jb_str(b, n);
      } else {
        char t[24];
        snprintf(t, sizeof(t), "CAP_%d", bit);
        jb_str(b, t);
      }
    }
  }
  jb_arr_end(b);
  jb_obj_end(b);
}

static void report_status(struct jbuf *b) {
  char *st = read_file("/proc/self/status", 1 << 16, NULL);
  if (!st) note_error("status", errno);
  static const struct {
    const char *key, *field;
  } capf[] = {{"CapInh", "inheritable"},
              {"CapPrm", "permitted"},
              {"CapEff", "effective"},
              {"CapBnd", "bounding"},
              {"CapAmb", "ambient"}};
  jb_key(b, "capabilities");
  if (!st) {
    jb_null(b);
  } else {
    jb_obj_begin(b);
    for (unsigned i = 0; i < 5; i++) {
      char *v = status_field(st, capf[i].key);
      jb_key(b, capf[i].field);
      if (v)
        jb_capset(b, v);
      else
        jb_null(b);
    }
    jb_obj_end(b);
  }
  int nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  jb_key(b, "noNewPrivs");
  if (nnp < 0) {
    note_error("noNewPrivs", errno);
    jb_null(b);
  } else {
    jb_bool(b, nnp == 1);
  }
  char *sc = st ? status_field(st, "Seccomp") : NULL;
  jb_key(b, "seccomp");
  if (sc)
    jb_int(b, atoll(sc));
  else
    jb_null(b);
  char *scf = st ? status_field(st, "Seccomp_filters") : NULL;
  jb_key(b, "seccompFilters");
  if (scf)
    jb_int(b, atoll(scf));
  else
    jb_null(b);
  /* umask: the Umask field (kernel >= 4.7) avoids changing the process state. */
  char *um = st ? status_field(st, "Umask") : NULL;
  jb_key(b, "umask");
  if (um) {
    jb_int(b, strtol(um, NULL, 8));
  } else {
    mode_t m = umask(0);
    umask(m);
    jb_int(b, (long long)m);
  }
  free(st);
}

static void report_user(struct jbuf *b) {
  uid_t r, e, s;
  gid_t rg, eg, sg;
  getresuid(&r, &e, &s);
  getresgid(&rg, &eg, &sg);
  jb_key(b, "user");
  jb_obj_begin(b);
  jb_kint(b, "uid", r);
  jb_kint(b, "euid", e);
  jb_kint(b, "suid", s);
  jb_kint(b, "gid", rg);
  jb_kint(b, "egid", eg);
  jb_kint(b, "sgid", sg);
  gid_t groups[1024];
  int n = getgroups(1024, groups);
  jb_key(b, "additionalGids");
  if (n < 0) {
    note_error("user.additionalGids", errno);
    jb_null(b);
  } else {
    jb_arr_begin(b);
    for (int i = 0; i < n; i++) jb_int(b, groups[i]);
    jb_arr_end(b);
  }
  jb_obj_end(b);
}

static void report_rlimits(struct jbuf *b) {
  jb_key(b, "rlimits");
  jb_obj_begin(b);
  for (int i = 0; i < rlimit_names_count; i++) {
    struct rlimit rl;
    jb_key(b, rlimit_names[i].name);
    if (getrlimit(rlimit_names[i].resource, &rl) != 0) {
      note_error(rlimit_names[i].name, errno);
      jb_null(b);
      continue;
    }
    jb_obj_begin(b);
    jb_key(b, "soft");
    jb_uint_str(b, (unsigned long long)rl.rlim_cur);
    jb_key(b, "hard");
    jb_uint_str(b, (unsigned long long)rl.rlim_max);
    jb_obj_end(b);
  }
  jb_obj_end(b);
}

/* Decodes mountinfo's octal escapes (\040 etc) in place. */
static void unescape_octal(char *s) {
  char *o = s;
  while (*s) {
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' &&
        s[3] <= '7') {
      *o++ = (char)(((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
      s += 4;
    } else {
      *o++ = *s++;
    }
  }
  *o = '\0';
}

static void jb_csv(struct jbuf *b, const char *s) {
  jb_arr_begin(b);
  const char *p = s;
  while (*p) {
    const char *c = strchr(p, ',');
    size_t n = c ? (size_t)(c - p) : strlen(p);
    if (n) jb_strn(b, p, n);
    if (!c) break;
    p = c + 1;
  }
  jb_arr_end(b);
}

static void report_mounts(struct jbuf *b) {
  char *mi = read_file("/proc/self/mountinfo", 1 << 22, NULL);
  jb_key(b, "mounts");
  if (!mi) {
    note_error("mounts", errno);
    jb_null(b);
    return;
  }
  jb_arr_begin(b);
  char *save = NULL;
  for (char *line = strtok_r(mi, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    /* id parent major:minor root mountpoint options [optional...] - fstype source superoptions */
    char *f[64];
    int nf = 0;
    char *s2 = NULL;
    for (char *t = strtok_r(line, " ", &s2); t && nf < 64; t = strtok_r(NULL, " ", &s2)) f[nf++] = t;
    int dash = -1;
    for (int i = 6; i < nf; i++)
      if (strcmp(f[i], "-") == 0) {
        dash = i;
        break;
      }
    if (nf < 6 || dash < 0 || dash + 3 > nf) continue;
    for (int i = 0; i < nf; i++) unescape_octal(f[i]);
    jb_obj_begin(b);
    jb_kint(b, "id", atoll(f[0]));
    jb_kint(b, "parent", atoll(f[1]));
    jb_kstr(b, "device", f[2]);
    jb_kstr(b, "root", f[3]);
    jb_kstr(b, "mountPoint", f[4]);
    jb_key(b, "options");
    jb_csv(b, f[5]);
    jb_key(b, "propagation");
    jb_arr_begin(b);
    for (int i = 6; i < dash; i++) jb_str(b, f[i]);
    jb_arr_end(b);
    jb_kstr(b, "fstype", f[dash + 1]);
    jb_kstr(b, "source", f[dash + 2]);
    jb_key(b, "superOptions");
    jb_csv(b, dash + 3 < nf ? f[dash + 3] : "");
    jb_obj_end(b);
  }
  jb_arr_end(b);
  free(mi);
}

static void report_cgroups(struct jbuf *b) {
  char *cg = read_file("/proc/self/cgroup", 1 << 16, NULL);
  jb_key(b, "cgroups");
  if (!cg) {
    note_error("cgroups", errno);
    jb_null(b);
    return;
  }
  jb_arr_begin(b);
  char *save = NULL;
  for (char *line = strtok_r(cg, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *c1 = strchr(line, ':');
    if (!c1) continue;
    char *c2 = strchr(c1 + 1, ':');
    if (!c2) continue;
    *c1 = '\0';
    *c2 = '\0';
    jb_obj_begin(b);
    jb_kint(b, "hierarchy", atoll(line));
    jb_key(b, "controllers");
    jb_csv(b, c1 + 1);
    jb_kstr(b, "path", c2 + 1);
    jb_obj_end(b);
  }
  jb_arr_end(b);
  free(cg);
}

static void report_sysctls(struct jbuf *b, char **names, int n) {
  jb_key(b, "sysctls");
  jb_obj_begin(b);
  for (int i = 0; i < n; i++) {
    char path[512];
    snprintf(path, sizeof(path), "/proc/sys/%s", names[i]);
    for (char *p = path + 10; *p; p++)
      if (*p == '.') *p = '/';
    jb_key(b, names[i]);
    jb_obj_begin(b);
    size_t len = 0;
    char *v = read_file(path, 1 << 16, &len);
    if (!v) {
      jb_kstr(b, "value", NULL);
      jb_errno_fields(b, errno);
    } else {
      while (len && (v[len - 1] == '\n' || v[len - 1] == ' ')) len--;
      jb_key(b, "value");
      jb_strn(b, v, len);
      jb_errno_fields(b, 0);
      free(v);
    }
    jb_obj_end(b);
  }
  jb_obj_end(b);
}

static const char *type_of(mode_t m) {
  if (S_ISREG(m)) return "file";
  if (S_ISDIR(m)) return "dir";
  if (S_ISLNK(m)) return "symlink";
  if (S_ISCHR(m)) return "char";
  if (S_ISBLK(m)) return "block";
  if (S_ISFIFO(m)) return "fifo";
  if (S_ISSOCK(m)) return "socket";
  return "unknown";
}

static int ndevices;

static void walk_dev(struct jbuf *b, const char *dir, int depth) {
  DIR *d = opendir(dir);
  if (!d) {
    if (depth == 0) note_error("devices", errno);
    return;
  }
  struct dirent *de;
  while ((de = readdir(d)) && ndevices < 1024) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
    struct stat st;
    if (lstat(path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      if (depth < 3) walk_dev(b, path, depth + 1);
      continue;
    }
    if (!(S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISLNK(st.st_mode)))
      continue;
    ndevices++;
    jb_obj_begin(b);
    jb_kstr(b, "path", path);
    jb_kstr(b, "type", type_of(st.st_mode));
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
      jb_kint(b, "major", major(st.st_rdev));
      jb_kint(b, "minor", minor(st.st_rdev));
    }
    jb_kint(b, "mode", st.st_mode & 07777);
    jb_kint(b, "uid", st.st_uid);
    jb_kint(b, "gid", st.st_gid);
    if (S_ISLNK(st.st_mode)) {
      char t[4096];
      ssize_t n = readlink(path, t, sizeof(t) - 1);
      if (n >= 0) {
        jb_key(b, "target");
        jb_strn(b, t, (size_t)n);
      }
    }
    jb_obj_end(b);
  }
  closedir(d);
}

/* Read attempt: for a directory, list it (entries); else open O_RDONLY|O_NONBLOCK and read up to 1 MiB. */
static void probe_read(struct jbuf *b, const char *path, int isdir) {
  jb_key(b, "read");
  jb_obj_begin(b);
  if (isdir) {
    DIR *d = opendir(path);
    if (!d) {
      jb_errno_fields(b, errno);
    } else {
      long n = 0;
      struct dirent *de;
      errno = 0;
      while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) n++;
      int e = errno;
      closedir(d);
      jb_errno_fields(b, e);
      jb_kint(b, "entries", n);
    }
  } else {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
      jb_errno_fields(b, errno);
    } else {
      char buf[8192];
      char head[256];
      size_t headn = 0;
      long long total = 0;
      int e = 0;
      for (;;) {
        ssize_t r = read(fd, buf, sizeof(buf));
        if (r < 0) {
          if (errno == EINTR) continue;
          e = errno;
          if (e == EAGAIN) e = 0; /* fifo or device with nothing to read now */
          break;
        }
        if (r == 0) break;
        if (headn < sizeof(head)) {
          size_t c = (size_t)r < sizeof(head) - headn ? (size_t)r : sizeof(head) - headn;
          memcpy(head + headn, buf, c);
          headn += c;
        }
        total += r;
        if (total >= (1 << 20)) break;
      }
      close(fd);
      jb_errno_fields(b, e);
      jb_kint(b, "bytes", total);
      jb_key(b, "head");
      jb_strn(b, head, headn);
    }
  }
  jb_obj_end(b);
}

/* Write attempt: for a directory, create and remove a file in it; else open O_WRONLY (no data written). */
static void probe_write(struct jbuf *b, const char *path, int isdir) {
  jb_key(b, "write");
  jb_obj_begin(b);
  if (isdir) {
    char f[4200];
    snprintf(f, sizeof(f), "%s/.probe-write-%ld", path, (long)getpid());
    int fd = open(f, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      jb_errno_fields(b, errno);
    } else {
      close(fd);
      unlink(f);
      jb_errno_fields(b, 0);
    }
  } else {
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
      jb_errno_fields(b, errno);
    } else {
      close(fd);
      jb_errno_fields(b, 0);
    }
  }
  jb_obj_end(b);
}

static void report_paths(struct jbuf *b, char **paths, int n) {
  jb_key(b, "paths");
  jb_arr_begin(b);
  for (int i = 0; i < n; i++) {
    struct stat st;
    jb_obj_begin(b);
    jb_kstr(b, "path", paths[i]);
    if (lstat(paths[i], &st) != 0) {
      int e = errno;
      jb_kbool(b, "exists", 0);
      jb_kint(b, "errno", e);
      jb_kstr(b, "error", errno_name(e));
      jb_obj_end(b);
      continue;
    }
    jb_kbool(b, "exists", 1);
    jb_kstr(b, "type", type_of(st.st_mode));
    jb_kint(b, "mode", st.st_mode & 07777);
    jb_kint(b, "uid", st.st_uid);
    jb_kint(b, "gid", st.st_gid);
    jb_kint(b, "size", st.st_size);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
      jb_kint(b, "major", major(st.st_rdev));
      jb_kint(b, "minor", minor(st.st_rdev));
    }
    if (S_ISLNK(st.st_mode)) {
      char t[4096];
      ssize_t l = readlink(paths[i], t, sizeof(t) - 1);
      if (l >= 0) {
        jb_key(b, "target");
        jb_strn(b, t, (size_t)l);
      }
    }
    int isdir = S_ISDIR(st.st_mode);
    if (S_ISLNK(st.st_mode)) {
      struct stat ts;
      isdir = stat(paths[i], &ts) == 0 && S_ISDIR(ts.st_mode);
    }
    probe_read(b, paths[i], isdir);
    probe_write(b, paths[i], isdir);
    jb_obj_end(b);
  }
  jb_arr_end(b);
}

static void report_fds(struct jbuf *b) {
  jb_key(b, "fds");
  DIR *d = opendir("/proc/self/fd");
  if (!d) {
    note_error("fds", errno);
    jb_null(b);
    return;
  }
  int self = dirfd(d);
  jb_arr_begin(b);
  struct dirent *de;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') continue;
    int fd = atoi(de->d_name);
    if (fd == self) continue;
    char p[64], t[4096];
    snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, t, sizeof(t) - 1);
    jb_obj_begin(b);
    jb_kint(b, "fd", fd);
    jb_key(b, "target");
    if (n >= 0)
      jb_strn(b, t, (size_t)n);
    else
      jb_null(b);
    jb_obj_end(b);
  }
  jb_arr_end(b);
  closedir(d);
}

static void report_text_file(struct jbuf *b, const char *key, const char *path) {
  size_t len = 0;
  char *v = read_file(path, 1 << 16, &len);
  jb_key(b, key);
  if (!v) {
    jb_null(b);
    return;
  }
  jb_strn(b, v, len);
  free(v);
}

int mode_report(int argc, char **argv) {
  char *paths[MAX_PROBES], *sysctls[MAX_PROBES];
  int npaths = 0, nsysctls = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--path") == 0 && i + 1 < argc && npaths < MAX_PROBES) {
      paths[npaths++] = argv[++i];
    } else if (strcmp(argv[i], "--sysctl") == 0 && i + 1 < argc && nsysctls < MAX_PROBES) {
      sysctls[nsysctls++] = argv[++i];
    } else {
      fprintf(stderr, "probe report: unexpected argument %s (expected --path P or --sysctl NAME)\n", argv[i]);
      return 2;
    }
  }
  /* Disable core-affecting state changes: nothing here alters the process except opening files. */
  struct jbuf b;
  jb_init(&b);
  jb_obj_begin(&b);
  jb_kint(&b, "probeVersion", 1);
  jb_kint(&b, "pid", getpid());
  jb_kint(&b, "ppid", getppid());
  jb_kstrv(&b, "args", g_argv, g_argc);
  jb_kstrv(&b, "env", environ, -1);
  char cwd[4096];
  jb_key(&b, "cwd");
  if (getcwd(cwd, sizeof(cwd)))
    jb_str(&b, cwd);
  else {
    note_error("cwd", errno);
    jb_null(&b);
  }
  struct utsname u;
  if (uname(&u) == 0) {
    jb_kstr(&b, "hostname", u.nodename);
    jb_kstr(&b, "domainname", u.domainname);
  } else {
    note_error("hostname", errno);
    jb_kstr(&b, "hostname", NULL);
    jb_kstr(&b, "domainname", NULL);
  }
  report_user(&b);
  report_status(&b);
  report_rlimits(&b);
  size_t l = 0;
  char *oom = read_file("/proc/self/oom_score_adj", 64, &l);
  jb_key(&b, "oomScoreAdj");
  if (oom) {
    jb_int(&b, atoll(oom));
    free(oom);
  } else {
    note_error("oomScoreAdj", errno);
    jb_null(&b);
  }
  int pers = personality(0xffffffff);
  jb_kint(&b, "personality", pers);
  jb_key(&b, "scheduler");
  jb_obj_begin(&b);
  jb_kint(&b, "policy", sched_getscheduler(0));
  errno = 0;
  int nice = getpriority(PRIO_PROCESS, 0);
  jb_key(&b, "nice");
  if (errno)
    jb_null(&b);
  else
    jb_int(&b, nice);
  jb_obj_end(&b);
  report_sched(&b);
  report_text_file(&b, "uidMap", "/proc/self/uid_map");
  report_text_file(&b, "gidMap", "/proc/self/gid_map");
  report_text_file(&b, "lsmLabel", "/proc/self/attr/current");
  jb_key(&b, "namespaces");
  jb_namespaces(&b, "/proc/self");
  report_cgroups(&b);
  report_mounts(&b);
  report_sysctls(&b, sysctls, nsysctls);
  jb_key(&b, "devices");
  jb_arr_begin(&b);
  walk_dev(&b, "/dev", 0);
  jb_arr_end(&b);
  report_paths(&b, paths, npaths);
  report_fds(&b);
  jb_errors(&b);
  jb_obj_end(&b);
  jb_raw(&b, "\n", 1);
  int rc = jb_write_fd(&b, 1) == 0 ? 0 : 3;
  jb_free(&b);
  return rc;
}
