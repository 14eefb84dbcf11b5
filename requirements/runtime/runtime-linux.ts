// Requirements of runtime-spec runtime-linux.md, as data: our own paraphrases, ids stable.
// Seeded from shared/research/runtime-requirements.json (runtime-spec v1.3.0).
import { defineRequirements } from '../define.js';

export const runtimeLinux = defineRequirements('runtime', 'runtime-linux.md', {
  'runtime-linux.fds.only-stdio-by-default': {
    since: '1.0.0',
    anchor: 'file-descriptors',
    level: 'DESCRIPTIVE',
    test: 'inside',
    text: 'By default only stdin, stdout and stderr are left open for the application.',
  },
  'runtime-linux.fds.extra-may': {
    since: '1.0.0',
    anchor: 'file-descriptors',
    level: 'MAY',
    test: 'inside',
    text: 'The runtime may hand extra fds to the application (e.g. socket activation).',
  },
  'runtime-linux.fds.devnull-may': {
    since: '1.0.0',
    anchor: 'file-descriptors',
    level: 'MAY',
    test: 'inside',
    text: 'Some of the open fds may be redirected to /dev/null.',
  },
  'runtime-linux.dev-symlinks.fd': {
    since: '1.0.0',
    anchor: 'dev-symbolic-links',
    level: 'MUST',
    test: 'inside',
    text: 'During create, once mounts are processed, the runtime creates the symlink /dev/fd -> /proc/self/fd if /proc/self/fd exists.',
  },
  'runtime-linux.dev-symlinks.stdin': {
    since: '1.0.0',
    anchor: 'dev-symbolic-links',
    level: 'MUST',
    test: 'inside',
    text: 'During create, once mounts are processed, the runtime creates the symlink /dev/stdin -> /proc/self/fd/0 if /proc/self/fd/0 exists.',
  },
  'runtime-linux.dev-symlinks.stdout': {
    since: '1.0.0',
    anchor: 'dev-symbolic-links',
    level: 'MUST',
    test: 'inside',
    text: 'During create, once mounts are processed, the runtime creates the symlink /dev/stdout -> /proc/self/fd/1 if /proc/self/fd/1 exists.',
  },
  'runtime-linux.dev-symlinks.stderr': {
    since: '1.0.0',
    anchor: 'dev-symbolic-links',
    level: 'MUST',
    test: 'inside',
    text: 'During create, once mounts are processed, the runtime creates the symlink /dev/stderr -> /proc/self/fd/2 if /proc/self/fd/2 exists.',
  },
});
