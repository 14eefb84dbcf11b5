/* `probe wait`: catches every catchable signal and prints one JSON line per signal received. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "names.h"
#include "util.h"

#define RING 1024
static volatile sig_atomic_t ring[RING];
static volatile sig_atomic_t head;

/* Async-signal-safe: only records the number. Every handler runs with all signals blocked, so
 * handlers never nest, and outside sigsuspend() all signals are blocked, so the main loop reads
 * the ring without racing the handler. */
static void on_signal(int signo) {
  ring[head % RING] = signo;
  head = head + 1;
}

/* Set when stdout is gone: every further write would raise SIGPIPE, which this mode records and would
 * try to print again, so printing stops (signals are still counted for --exit-after). */
static int stdout_broken;

static void emit(const char *line, size_t n) {
  size_t off = 0;
  while (off < n && !stdout_broken) {
    ssize_t w = write(1, line + off, n - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      stdout_broken = 1;
      return;
    }
    off += (size_t)w;
  }
}

int mode_wait(int argc, char **argv) {
  long exit_after = -1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--exit-after") == 0 && i + 1 < argc) {
      char *end;
      exit_after = strtol(argv[++i], &end, 10);
      if (*end || exit_after < 1) {
        fprintf(stderr, "probe wait: --exit-after expects a positive integer, found %s\n", argv[i]);
        return 2;
      }
    } else {
      fprintf(stderr, "probe wait: unexpected argument %s (expected --exit-after N)\n", argv[i]);
      return 2;
    }
  }
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  sigprocmask(SIG_BLOCK, &all, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigfillset(&sa.sa_mask);
  for (int s = 1; s < NSIG; s++) {
    if (s == SIGKILL || s == SIGSTOP) continue;
    sigaction(s, &sa, NULL); /* glibc-reserved real-time signals fail with EINVAL: ignored */
  }
  char line[160];
  int n = snprintf(line, sizeof(line), "{\"event\":\"ready\",\"pid\":%ld}\n", (long)getpid());
  emit(line, (size_t)n);
  long seen = 0;
  sig_atomic_t tail = 0;
  for (;;) {
    while (tail != head) {
      int s = ring[tail % RING];
      tail++;
      n = snprintf(line, sizeof(line), "{\"event\":\"signal\",\"signo\":%d,\"name\":\"%s\"}\n", s,
                   signal_name(s));
      emit(line, (size_t)n);
      seen++;
      if (exit_after > 0 && seen >= exit_after) return 0;
    }
    sigsuspend(&none);
  }
}
