// Helpers shared by image rules: annotation maps of a document, platform value tables, RFC 3339.
import { isObject } from '../../harness/image/rule.js';

/** Every annotation-like map of a document: top-level and descriptor annotations, config Labels. */
export function* annotationMaps(
  value: unknown,
): Generator<{ pointer: string; map: unknown; labels: boolean }> {
  if (!isObject(value)) return;
  if ('annotations' in value) yield { pointer: '/annotations', map: value.annotations, labels: false };
  const lists: [string, unknown][] = [
    ['manifests', value.manifests],
    ['layers', value.layers],
  ];
  for (const [name, list] of lists) {
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      if (isObject(list[i]) && 'annotations' in list[i])
        yield { pointer: `/${name}/${i}/annotations`, map: list[i].annotations, labels: false };
    }
  }
  for (const one of ['config', 'subject']) {
    const d = value[one];
    if (isObject(d) && 'annotations' in d)
      yield { pointer: `/${one}/annotations`, map: d.annotations, labels: false };
    if (one === 'config' && isObject(d) && 'Labels' in d && d.Labels !== null)
      yield { pointer: '/config/Labels', map: d.Labels, labels: true };
  }
}

/** GOOS values (go tool dist list, plus the historic ones image-spec lists). */
export const goos = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
  'zos',
]);

/** GOARCH values. */
export const goarch = new Set([
  '386',
  'amd64',
  'amd64p32',
  'arm',
  'arm64',
  'arm64be',
  'armbe',
  'loong64',
  'mips',
  'mips64',
  'mips64le',
  'mips64p32',
  'mips64p32le',
  'mipsle',
  'ppc',
  'ppc64',
  'ppc64le',
  'riscv',
  'riscv64',
  's390',
  's390x',
  'sparc',
  'sparc64',
  'wasm',
]);

/** The platform variants table of image-index.md (architecture -> variants). */
export const variants: Record<string, string[]> = {
  arm: ['v6', 'v7', 'v8'],
  arm64: [
    'v8',
    'v8.0',
    'v8.1',
    'v8.2',
    'v8.3',
    'v8.4',
    'v8.5',
    'v8.6',
    'v8.7',
    'v8.8',
    'v8.9',
    'v9',
    'v9.0',
    'v9.1',
    'v9.2',
    'v9.3',
    'v9.4',
    'v9.5',
  ],
  amd64: ['v1', 'v2', 'v3', 'v4'],
  ppc64le: ['power8', 'power9', 'power10'],
  riscv64: ['rva20u64', 'rva22u64', 'rva23u64'],
};

// RFC 3339 date-time (section 5.6), with the leap second and any fraction.
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function isRfc3339(s: unknown): boolean {
  if (typeof s !== 'string' || !rfc3339.test(s)) return false;
  const [date] = s.split(/[Tt]/);
  const [y, m, d] = date!.split('-').map(Number);
  if (m! < 1 || m! > 12 || d! < 1) return false;
  const days = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return d! <= days;
}
