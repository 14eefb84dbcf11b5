/* `probe recvfd --socket PATH`: a host-side helper (Node cannot receive file descriptors). Listens on a
 * unix socket, accepts one connection and records every message (payload bytes and SCM_RIGHTS fds) until
 * EOF: the runc console-socket protocol (the pty master) and the seccomp listener protocol (the container
 * process state, config-linux.md). A received terminal is read until the container side closes, and its
 * window size reported. Prints one JSON object on stdout. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define MAX_MSGS 64
#define MAX_FDS 16

struct msg {
  size_t bytes;
  int nfds;
};

/* Milliseconds left until deadline (monotonic ns), at least 0. */
static int left_ms(unsigned long long deadline) {
  unsigned long long now = mono_ns();
  return now >= deadline ? 0 : (int)((deadline - now) / 1000000ULL);
}

/* Reads a terminal master until the other side is closed (EIO), EOF or the deadline. */
static char *drain_tty(int fd, unsigned long long deadline, size_t *len) {
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, left_ms(deadline));
    if (r <= 0) break;
    if (n == cap) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) break;
      buf = nb;
      cap *= 2;
    }
    ssize_t k = read(fd, buf + n, cap - n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break; /* EIO: every slave fd is closed */
    n += (size_t)k;
  }
  *len = n;
  return buf;
}

int mode_recvfd(int argc, char **argv) {
  const char *path = NULL;
  long timeout_ms = 20000;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
      path = argv[++i];
    else if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc)
      timeout_ms = atol(argv[++i]);
    else {
      fprintf(stderr, "probe recvfd: unexpected argument %s (expected --socket PATH [--timeout-ms N])\n", argv[i]);
      return 2;
    }
  }
  if (!path) {
    fputs("probe recvfd: expected --socket PATH\n", stderr);
    return 2;
  }
  struct sockaddr_un sa;
  memset(&sa, 0, sizeof(sa));
  sa.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof(sa.sun_path)) {
    fprintf(stderr, "probe recvfd: socket path longer than %zu bytes: %s\n", sizeof(sa.sun_path) - 1, path);
    return 2;
  }
  strcpy(sa.sun_path, path);
  int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(ls, 1) != 0) {
    fprintf(stderr, "probe recvfd: cannot listen on %s: %s\n", path, strerror(errno));
    return 3;
  }
  unsigned long long deadline = mono_ns() + (unsigned long long)timeout_ms * 1000000ULL;
  struct jbuf b;
  jb_init(&b);
  jb_obj_begin(&b);
  jb_kstr(&b, "event", "recvfd");
  struct pollfd lp = {ls, POLLIN, 0};
  int cs = -1;
  if (poll(&lp, 1, left_ms(deadline)) == 1) cs = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
  jb_kbool(&b, "connected", cs >= 0);
  struct msg msgs[MAX_MSGS];
  int nmsgs = 0, fds[MAX_FDS], nfds = 0;
  size_t cap = 65536, plen = 0;
  char *payload = malloc(cap);
  int eof = 0; /* the sender closed the connection (not our deadline) */
  while (cs >= 0 && nmsgs < MAX_MSGS) {
    struct pollfd p = {cs, POLLIN, 0};
    if (poll(&p, 1, left_ms(deadline)) <= 0) break;
    if (cap - plen < 4096) {
      char *np = realloc(payload, cap * 2);
      if (!np) break;
      payload = np;
      cap *= 2;
    }
    char ctl[CMSG_SPACE(sizeof(int) * MAX_FDS)];
    struct iovec iov = {payload + plen, cap - plen};
    struct msghdr mh;
    memset(&mh, 0, sizeof(mh));
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl;
    mh.msg_controllen = sizeof(ctl);
    ssize_t r = recvmsg(cs, &mh, MSG_CMSG_CLOEXEC);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) eof = 1;
    if (r <= 0) break;
    int got = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
      int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
      for (int j = 0; j < k && nfds < MAX_FDS; j++) {
        memcpy(&fds[nfds++], CMSG_DATA(c) + j * sizeof(int), sizeof(int));
        got++;
      }
    }
    msgs[nmsgs].bytes = (size_t)r;
    msgs[nmsgs].nfds = got;
    nmsgs++;
    plen += (size_t)r;
  }
  jb_kbool(&b, "eof", eof);
  jb_key(&b, "messages");
  jb_arr_begin(&b);
  for (int i = 0; i < nmsgs; i++) {
    jb_obj_begin(&b);
    jb_kint(&b, "bytes", (long long)msgs[i].bytes);
    jb_kint(&b, "fds", msgs[i].nfds);
    jb_obj_end(&b);
  }
  jb_arr_end(&b);
  jb_key(&b, "payload");
  jb_strn(&b, payload, plen);
  jb_key(&b, "fds");
  jb_arr_begin(&b);
  for (int i = 0; i < nfds; i++) {
    char p[64], t[4096];
    snprintf(p, sizeof(p), "/proc/self/fd/%d", fds[i]);
    ssize_t n = readlink(p, t, sizeof(t) - 1);
    jb_obj_begin(&b);
    jb_key(&b, "link");
    if (n >= 0)
      jb_strn(&b, t, (size_t)n);
    else
      jb_null(&b);
    int tty = isatty(fds[i]);
    jb_kbool(&b, "tty", tty);
    if (tty) {
      size_t ol = 0;
      char *out = drain_tty(fds[i], deadline, &ol);
      jb_key(&b, "output");
      jb_strn(&b, out, ol);
      free(out);
      /* The window size after the container ran: the runtime may set it any time before the process starts. */
      struct winsize ws;
      jb_key(&b, "winsize");
      if (ioctl(fds[i], TIOCGWINSZ, &ws) == 0) {
        jb_obj_begin(&b);
        jb_kint(&b, "rows", ws.ws_row);
        jb_kint(&b, "cols", ws.ws_col);
        jb_obj_end(&b);
      } else {
        jb_null(&b);
      }
    }
    jb_obj_end(&b);
    close(fds[i]);
  }
  jb_arr_end(&b);
  jb_obj_end(&b);
  jb_raw(&b, "\n", 1);
  if (cs >= 0) close(cs);
  close(ls);
  unlink(path);
  int rc = jb_write_fd(&b, 1) == 0 ? 0 : 3;
  jb_free(&b);
  free(payload);
  return rc;
}
