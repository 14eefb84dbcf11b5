/* The in-container probe: a static C program that observes its environment and prints JSON.
 * It judges nothing; the TypeScript checks compare what it saw with the config. See README.md. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

int g_argc;
char **g_argv;

static void usage(void) {
  fputs("usage: probe [--marker PATH] MODE ...\n"
        "  report [--path P]... [--sysctl NAME]...   print one JSON observation\n"
        "  wait [--exit-after N]                      record signals, one JSON line each\n"
        "  exit CODE                                  exit with CODE\n"
        "  try OP ARGS...                             attempt an operation, print ok/errno\n"
        "  tries OP ARGS... [-- OP ARGS...]...        several attempts, one JSON array\n"
        "  hook --log FILE [--name N] [--exit CODE] [--sleep-ms N]\n"
        "                                             record a hook invocation in FILE\n"
        "  recvfd --socket PATH [--timeout-ms N]      (host side) receive fds over a unix socket\n",
        stderr);
}

int main(int argc, char **argv) {
  g_argc = argc;
  g_argv = argv;
  int i = 1;
  while (i < argc && strcmp(argv[i], "--marker") == 0) {
    if (i + 1 >= argc) {
      usage();
      return 2;
    }
    int fd = open(argv[i + 1], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      fprintf(stderr, "probe: cannot create marker %s: %s\n", argv[i + 1], strerror(errno));
      return 3;
    }
    close(fd);
    i += 2;
  }
  if (i >= argc) {
    usage();
    return 2;
  }
  const char *mode = argv[i];
  int margc = argc - i;
  char **margv = argv + i;
  if (strcmp(mode, "report") == 0) return mode_report(margc, margv);
  if (strcmp(mode, "wait") == 0) return mode_wait(margc, margv);
  if (strcmp(mode, "try") == 0) return mode_try(margc, margv);
  if (strcmp(mode, "tries") == 0) return mode_tries(margc, margv);
  if (strcmp(mode, "hook") == 0) return mode_hook(margc, margv);
  if (strcmp(mode, "recvfd") == 0) return mode_recvfd(margc, margv);
  if (strcmp(mode, "exit") == 0) {
    if (margc != 2) {
      fputs("probe exit: expected one exit code\n", stderr);
      return 2;
    }
    char *end;
    long c = strtol(margv[1], &end, 10);
    if (*end || c < 0 || c > 255) {
      fprintf(stderr, "probe exit: expected a code from 0 to 255, found %s\n", margv[1]);
      return 2;
    }
    return (int)c;
  }
  if (strcmp(mode, "--help") == 0 || strcmp(mode, "help") == 0) {
    usage();
    return 0;
  }
  fprintf(stderr, "probe: unknown mode %s\n", mode);
  usage();
  return 2;
}
