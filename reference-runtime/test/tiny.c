// tiny: the in-container helper of the reference runtime's integration tests (static, no libc
// extras). Modes: info | wait | exit N | sleep MS | hook LOG NAME [CODE] | mkdir PATH | ops read:P write:P ...
// | fds (open descriptors and cwd) | mountpoints
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

static void status_field(const char *key, char *out, size_t n) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[512];
  out[0] = 0;
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, key, strlen(key)) == 0 && line[strlen(key)] == ':') {
      char *v = line + strlen(key) + 1;
      while (*v == ' ' || *v == '\t') v++;
      v[strcspn(v, "\n")] = 0;
      snprintf(out, n, "%s", v);
    }
  }
  if (f) fclose(f);
}

static void on_term(int s) {
  (void)s;
  const char m[] = "{\"signal\":15}\n";
  write(1, m, sizeof m - 1);
  _exit(0);
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "info") == 0) {
    char host[256] = "", cwd[1024] = "", eff[64], prm[64], bnd[64], amb[64], nnp[16], sec[16], mnt[128] = "";
    gethostname(host, sizeof host);
    if (!getcwd(cwd, sizeof cwd)) cwd[0] = 0;
    status_field("CapEff", eff, sizeof eff);
    status_field("CapPrm", prm, sizeof prm);
    status_field("CapBnd", bnd, sizeof bnd);
    status_field("CapAmb", amb, sizeof amb);
    status_field("NoNewPrivs", nnp, sizeof nnp);
    status_field("Seccomp", sec, sizeof sec);
    if (readlink("/proc/self/ns/mnt", mnt, sizeof mnt - 1) < 0) mnt[0] = 0;
    gid_t groups[64];
    int ng = getgroups(64, groups);
    printf("{\"hostname\":\"%s\",\"uid\":%u,\"gid\":%u,\"pid\":%d,\"cwd\":\"%s\",\"capEff\":\"%s\",\"capPrm\":\"%s\",\"capBnd\":\"%s\",\"capAmb\":\"%s\",\"noNewPrivs\":%s,\"seccomp\":%s,\"umask\":%u,\"groups\":[",
           host, getuid(), getgid(), getpid(), cwd, eff, prm, bnd, amb, nnp, sec, (unsigned)umask(0));
    for (int i = 0; i < ng; i++) printf("%s%u", i ? "," : "", groups[i]);
    struct rlimit nofile;
    getrlimit(RLIMIT_NOFILE, &nofile);
    printf("],\"nofile\":[%llu,%llu]", (unsigned long long)nofile.rlim_cur, (unsigned long long)nofile.rlim_max);
    printf(",\"env\":\"%s\",\"uidMap\":\"", getenv("TINY") ? getenv("TINY") : "");
    FILE *m = fopen("/proc/self/uid_map", "r");
    unsigned a = 0, b = 0, c = 0;
    if (m && fscanf(m, "%u %u %u", &a, &b, &c) == 3) printf("%u %u %u", a, b, c);
    if (m) fclose(m);
    printf("\"}\n");
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "wait") == 0) {
    signal(SIGTERM, on_term);
    const char m[] = "{\"ready\":true}\n";
    write(1, m, sizeof m - 1);
    for (;;) pause();
  }
  if (argc >= 2 && strcmp(argv[1], "fds") == 0) {
    // {"fds":[{"fd":0,"target":"..."}...],"cwd":"..."}: every open descriptor but the listing's own
    char cwd[1024] = "";
    if (!getcwd(cwd, sizeof cwd)) snprintf(cwd, sizeof cwd, "(unreachable: %d)", errno);
    DIR *d = opendir("/proc/self/fd");
    if (!d) return 3;
    printf("{\"fds\":[");
    int first = 1;
    struct dirent *e;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d)) continue;
      char link[512], target[1024] = "";
      snprintf(link, sizeof link, "/proc/self/fd/%s", e->d_name);
      ssize_t n = readlink(link, target, sizeof target - 1);
      target[n > 0 ? n : 0] = 0;
      for (char *c = target; *c; c++)
        if (*c == '"' || *c == '\\' || *c < 32) *c = ' ';
      printf("%s{\"fd\":%s,\"target\":\"%s\"}", first ? "" : ",", e->d_name, target);
      first = 0;
    }
    closedir(d);
    printf("],\"cwd\":\"%s\"}\n", cwd);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "mountpoints") == 0) {
    // {"mountpoints":["/","/proc",...]}: field 5 of every /proc/self/mountinfo line
    FILE *f = fopen("/proc/self/mountinfo", "r");
    if (!f) return 3;
    char line[4096];
    printf("{\"mountpoints\":[");
    int first = 1;
    while (fgets(line, sizeof line, f)) {
      char mp[2048];
      if (sscanf(line, "%*s %*s %*s %*s %2047s", mp) != 1) continue;
      for (char *c = mp; *c; c++)
        if (*c == '"' || *c == '\\') *c = ' ';
      printf("%s\"%s\"", first ? "" : ",", mp);
      first = 0;
    }
    fclose(f);
    printf("]}\n");
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "exit") == 0) return atoi(argv[2]);
  if (argc >= 3 && strcmp(argv[1], "sleep") == 0) {
    usleep((useconds_t)atoi(argv[2]) * 1000);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "ops") == 0) {
    // ops read:PATH write:PATH ... -> {"read:PATH":{"ok":..,"errno":..,"data":".."},...}
    printf("{");
    for (int i = 2; i < argc; i++) {
      int wr = strncmp(argv[i], "write:", 6) == 0;
      const char *path = strchr(argv[i], ':') + 1;
      int fd = open(path, wr ? O_WRONLY | O_CREAT | O_NONBLOCK : O_RDONLY | O_NONBLOCK, 0644);
      int err = fd < 0 ? errno : 0;
      char data[64] = "";
      ssize_t n = 0;
      if (fd >= 0) {
        n = wr ? write(fd, "1", 1) : read(fd, data, sizeof data - 1);
        if (n < 0) err = errno;
        if (!wr && n > 0) {
          data[n] = 0;
          for (ssize_t k = 0; k < n; k++)
            if (data[k] < 32 || data[k] == '"' || data[k] == '\\') data[k] = ' ';
        }
        close(fd);
      }
      printf("%s\"%s\":{\"ok\":%s,\"errno\":%d,\"bytes\":%zd,\"data\":\"%s\"}", i > 2 ? "," : "", argv[i], err ? "false" : "true", err, n < 0 ? 0 : n, wr ? "" : data);
    }
    printf("}\n");
    return 0;
  }
  if (argc >= 3 && strcmp(argv[1], "mkdir") == 0) {
    int r = mkdir(argv[2], 0755);
    printf("{\"ok\":%s,\"errno\":%d}\n", r == 0 ? "true" : "false", r == 0 ? 0 : errno);
    if (r == 0) rmdir(argv[2]);
    return 0;
  }
  if (argc >= 4 && strcmp(argv[1], "hook") == 0) {
    char in[8192];
    size_t len = 0;
    ssize_t r;
    while ((r = read(0, in + len, sizeof in - 1 - len)) > 0) len += (size_t)r;
    in[len] = 0;
    char mnt[128] = "", host[256] = "";
    if (readlink("/proc/self/ns/mnt", mnt, sizeof mnt - 1) < 0) mnt[0] = 0;
    gethostname(host, sizeof host);
    char line[9000];
    int n = snprintf(line, sizeof line, "{\"hook\":\"%s\",\"mnt\":\"%s\",\"hostname\":\"%s\",\"state\":%s}\n", argv[3], mnt, host, len ? in : "null");
    int fd = open(argv[2], O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0) return 3;
    write(fd, line, (size_t)n);
    close(fd);
    return argc >= 5 ? atoi(argv[4]) : 0;
  }
  fprintf(stderr, "usage: tiny info|wait|exit N|mkdir P|hook LOG NAME [CODE]\n");
  return 2;
}
