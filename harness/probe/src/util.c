/* Small helpers shared by the probe's modes. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "names.h"

char *read_file(const char *path, size_t max, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf) {
    close(fd);
    errno = ENOMEM;
    return NULL;
  }
  for (;;) {
    if (n == cap) {
      if (cap >= max) break;
      cap *= 2;
      char *nb = realloc(buf, cap + 1);
      if (!nb) {
        free(buf);
        close(fd);
        errno = ENOMEM;
        return NULL;
      }
      buf = nb;
    }
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      free(buf);
      close(fd);
      errno = e;
      return NULL;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

void jb_errno_fields(struct jbuf *b, int e) {
  jb_kbool(b, "ok", e == 0);
  if (e) {
    jb_kint(b, "errno", e);
    jb_kstr(b, "error", errno_name(e));
  } else {
    jb_kint(b, "errno", 0);
    jb_kstr(b, "error", NULL);
  }
}

#define MAX_ERRORS 64
static struct {
  const char *field;
  int e;
} errors[MAX_ERRORS];
static int nerrors;

void note_error(const char *field, int e) {
  if (nerrors < MAX_ERRORS) {
    errors[nerrors].field = field;
    errors[nerrors].e = e;
    nerrors++;
  }
}

void jb_errors(struct jbuf *b) {
  jb_key(b, "errors");
  jb_arr_begin(b);
  for (int i = 0; i < nerrors; i++) {
    jb_obj_begin(b);
    jb_kstr(b, "field", errors[i].field);
    jb_kint(b, "errno", errors[i].e);
    jb_kstr(b, "error", errno_name(errors[i].e));
    jb_obj_end(b);
  }
  jb_arr_end(b);
}

static const char *const ns_names[] = {"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children",
                                       "time", "time_for_children", "user", "uts"};

void jb_namespaces(struct jbuf *b, const char *procdir) {
  jb_obj_begin(b);
  for (unsigned i = 0; i < sizeof(ns_names) / sizeof(ns_names[0]); i++) {
    char path[256], link[256];
    snprintf(path, sizeof(path), "%s/ns/%s", procdir, ns_names[i]);
    jb_key(b, ns_names[i]);
    ssize_t n = readlink(path, link, sizeof(link) - 1);
    struct stat st;
    if (n < 0 || stat(path, &st) != 0) {
      jb_null(b);
      continue;
    }
    link[n] = '\0';
    jb_obj_begin(b);
    jb_kstr(b, "link", link);
    jb_kint(b, "inode", (long long)st.st_ino);
    jb_kint(b, "dev", (long long)st.st_dev);
    jb_obj_end(b);
  }
  jb_obj_end(b);
}

unsigned long long mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}
