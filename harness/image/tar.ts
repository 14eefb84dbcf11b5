// A streaming tar header walker: ustar, PAX and GNU long names, fed chunk by chunk, never buffering
// file data. It reports entries and (optionally) their data, and stops at the first corrupt header.
//
// Ours rather than tar-stream's extract (measured with `npm run bench -- deps`, best of 3 alternating
// rounds over a 256 MiB tar, every data byte drained, 2 December 2026, loaded 2-core VM): tar-stream 3.2
// costs 3.05x the walker's time (6,063 against 18,494 MiB/s; cold, first round only, it was 0.73x).
// What decides it is the validator's need: on a corrupt header the walker stops with the offset and the
// kind (`tar.checksum at 66048`, truncated, size, oversized PAX), keeps the raw name bytes to check
// UTF-8 and bounds extension headers; tar-stream says only "Invalid tar header. Maybe the tar is
// corrupted or it needs to be gunzipped?", and needs each entry's stream consumed before the next.

/** Entry types of a tar header, named by what they are. */
export type TarEntryType =
  | 'file'
  | 'hardlink'
  | 'symlink'
  | 'char'
  | 'block'
  | 'directory'
  | 'fifo'
  | 'contiguous'
  | 'gnu-sparse'
  | 'unknown';

/** One entry of a tar stream, after PAX and GNU extension headers are folded in. */
export interface TarEntry {
  path: string;
  /** False when the name bytes (ustar or GNU long name) are not valid UTF-8. */
  utf8: boolean;
  type: TarEntryType;
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  /** Byte offset of the entry's first header (including extension headers) in the tar stream. */
  offset: number;
  /** PAX records that applied to this entry. */
  pax?: Record<string, string>;
  /** The entry is a sparse file (GNU type S or GNU.sparse PAX records). */
  sparse: boolean;
}

/** Why the walk stopped before a clean end of archive. */
export interface TarError {
  code: 'tar.checksum' | 'tar.header' | 'tar.truncated' | 'tar.size' | 'tar.extension-too-large';
  message: string;
  offset: number;
}

export interface TarHandlers {
  entry?(e: TarEntry): void;
  /** Data of the current entry, in order; only called when set. */
  data?(chunk: Buffer, e: TarEntry): void;
  entryEnd?(e: TarEntry): void;
}

/** Largest PAX or GNU long-name payload we accept (bounded memory on hostile input). */
export const maxExtensionSize = 1 << 20;

const BLOCK = 512;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

const typeOf: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'contiguous',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'directory',
  '6': 'fifo',
  S: 'gnu-sparse',
};

type State = 'header' | 'data' | 'padding' | 'meta' | 'end' | 'failed';

export class TarWalker {
  /** Number of bytes consumed so far. */
  position = 0;
  entries = 0;
  /** Set when two zero blocks ended the archive. */
  ended = false;
  /** Bytes after the end-of-archive marker (allowed, ignored). */
  trailing = 0;
  error: TarError | undefined;

  private state: State = 'header';
  private hdr = Buffer.alloc(BLOCK);
  private hdrFill = 0;
  private remaining = 0;
  private pad = 0;
  private fullPad = 0;
  private zeroBlocks = 0;
  private current: TarEntry | undefined;
  private metaKind = '';
  private metaBuf: Buffer[] = [];
  private pendingPax: Record<string, string> = {};
  private hasPendingPax = false;
  private hasGlobalPax = false;
  private globalPax: Record<string, string> = {};
  private longName: Buffer | undefined;
  private longLink: Buffer | undefined;
  private entryOffset = -1;

  constructor(private readonly h: TarHandlers = {}) {}

  /** Feed the next chunk. Returns false once the walk has stopped (end of archive or failure). */
  write(chunk: Buffer): boolean {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case 'end':
          this.trailing += n - i;
          this.position += n - i;
          return false;
        case 'failed':
          return false;
        case 'header': {
          const take = Math.min(BLOCK - this.hdrFill, n - i);
          const start = this.position - this.hdrFill;
          if (this.hdrFill === 0 && take === BLOCK) {
            this.onHeader(chunk.subarray(i, i + BLOCK), start);
          } else {
            chunk.copy(this.hdr, this.hdrFill, i, i + take);
            this.hdrFill += take;
            if (this.hdrFill === BLOCK) {
              this.hdrFill = 0;
              this.onHeader(this.hdr, start);
            }
          }
          i += take;
          this.position += take;
          break;
        }
        case 'data':
        case 'meta': {
          const take = Math.min(this.remaining, n - i);
          if (take > 0) {
            const part = chunk.subarray(i, i + take);
            if (this.state === 'meta') this.metaBuf.push(Buffer.from(part));
            else if (this.h.data) this.h.data(part, this.current!);
          }
          this.remaining -= take;
          i += take;
          this.position += take;
          if (this.remaining === 0) this.finishBody();
          break;
        }
        case 'padding': {
          const take = Math.min(this.pad, n - i);
          this.pad -= take;
          i += take;
          this.position += take;
          if (this.pad === 0) this.state = 'header';
          break;
        }
      }
    }
    return this.state !== 'end' && this.state !== 'failed';
  }

  /** Signal the end of input. Sets `error` when the archive stopped in the middle of something. */
  end(): void {
    if (this.state === 'end' || this.state === 'failed') return;
    // A clean entry boundary without the two zero blocks: tolerated, see `missingEndMarker`.
    if (this.state === 'header' && this.hdrFill === 0 && this.entryOffset < 0) return;
    // SPEC: the stream ends right after the last entry's data, before any of its block padding:
    // Go's archive/tar (umoci, containerd) reads this as a clean end, so we tolerate it the same way.
    if (this.state === 'padding' && this.pad === this.fullPad) return;
    this.fail('tar.truncated', `archive ends inside ${this.describeState()}`);
  }

  /** The archive ended after complete entries but without the two zero blocks. */
  get missingEndMarker(): boolean {
    return !this.ended && !this.error;
  }

  private describeState(): string {
    if (this.state === 'header' && this.hdrFill > 0) return 'a header block';
    if (this.state === 'data') return `the data of ${JSON.stringify(this.current?.path)}`;
    if (this.state === 'meta') return 'an extension header';
    if (this.state === 'padding') return 'block padding';
    return 'an entry';
  }

  private fail(code: TarError['code'], message: string): void {
    this.error = { code, message, offset: this.entryOffset >= 0 ? this.entryOffset : this.position };
    this.state = 'failed';
  }

  private onHeader(b: Buffer, start: number): void {
    if (isZero(b)) {
      this.zeroBlocks++;
      if (this.zeroBlocks === 2) {
        this.ended = true;
        this.state = 'end';
      }
      return;
    }
    if (this.zeroBlocks === 1) this.zeroBlocks = 0; // a lone zero block is skipped, like GNU tar
    if (this.entryOffset < 0) this.entryOffset = start;
    // Checksum: sum of header bytes with the checksum field read as spaces.
    let sum = 8 * 32;
    for (let k = 0; k < BLOCK; k++) if (k < 148 || k >= 156) sum += b[k]!;
    const stored = parseNumber(b, 148, 8);
    if (stored === undefined || stored !== sum) {
      let signed = 8 * 32;
      for (let k = 0; k < BLOCK; k++) if (k < 148 || k >= 156) signed += (b[k]! << 24) >> 24;
      if (stored !== signed) {
        this.fail('tar.checksum', `header checksum is ${stored ?? 'unreadable'}, expected ${sum}`);
        return;
      }
    }
    const typeflag = String.fromCharCode(b[156]!);
    const size = parseNumber(b, 124, 12);
    if (size === undefined || size < 0 || !Number.isSafeInteger(size)) {
      this.fail('tar.size', `header size field is unreadable or out of range`);
      return;
    }
    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      if (size > maxExtensionSize) {
        this.fail('tar.extension-too-large', `extension header of ${size} bytes exceeds ${maxExtensionSize}`);
        return;
      }
      this.metaKind = typeflag;
      this.metaBuf = [];
      this.remaining = size;
      this.pad = padOf(size);
      this.state = 'meta';
      if (size === 0) this.finishBody();
      return;
    }
    const ustar = b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72;
    const nameBytes = this.longName ?? field(b, 0, 100);
    const prefix = ustar && !this.longName && b[345] !== 0 ? field(b, 345, 155) : undefined;
    const rawName =
      prefix && prefix.length > 0 ? Buffer.concat([prefix, Buffer.from('/'), nameBytes]) : nameBytes;
    const hasPending = this.hasPendingPax;
    const pax = !hasPending && !this.hasGlobalPax ? noPax : { ...this.globalPax, ...this.pendingPax };
    let path: string;
    let isUtf8 = true;
    try {
      path = utf8.decode(rawName);
    } catch {
      isUtf8 = false;
      path = latin1.decode(rawName);
    }
    if (pax.path !== undefined) {
      path = pax.path;
      isUtf8 = true;
    }
    let linkname = (this.longLink ? decodeLoose(this.longLink) : decodeLoose(field(b, 157, 100))) || '';
    if (pax.linkpath !== undefined) linkname = pax.linkpath;
    const paxSize = pax.size !== undefined ? Number(pax.size) : undefined;
    const entrySize = paxSize !== undefined && Number.isSafeInteger(paxSize) && paxSize >= 0 ? paxSize : size;
    const type = typeOf[typeflag] ?? 'unknown';
    const e: TarEntry = {
      path,
      utf8: isUtf8,
      type,
      typeflag,
      mode: parseNumber(b, 100, 8) ?? 0,
      uid: pax.uid !== undefined ? Number(pax.uid) : (parseNumber(b, 108, 8) ?? 0),
      gid: pax.gid !== undefined ? Number(pax.gid) : (parseNumber(b, 116, 8) ?? 0),
      size: entrySize,
      mtime: pax.mtime !== undefined ? Number(pax.mtime) : (parseNumber(b, 136, 12) ?? 0),
      linkname,
      devmajor: parseNumber(b, 329, 8) ?? 0,
      devminor: parseNumber(b, 337, 8) ?? 0,
      offset: this.entryOffset,
      sparse:
        type === 'gnu-sparse' || (pax !== noPax && Object.keys(pax).some((k) => k.startsWith('GNU.sparse.'))),
    };
    if (hasPending) {
      e.pax = this.pendingPax;
      this.pendingPax = {};
      this.hasPendingPax = false;
    }
    this.longName = undefined;
    this.longLink = undefined;
    this.entries++;
    this.current = e;
    this.h.entry?.(e);
    // Hard links, symlinks, devices, directories and fifos carry no data, whatever size says,
    // except that ustar readers skip `size` bytes for everything but those: follow GNU tar.
    const dataSize = type === 'hardlink' || type === 'symlink' || type === 'directory' ? 0 : entrySize;
    if (type === 'char' || type === 'block' || type === 'fifo') this.remaining = 0;
    else this.remaining = dataSize;
    this.pad = padOf(this.remaining);
    this.state = 'data';
    if (this.remaining === 0) this.finishBody();
  }

  private finishBody(): void {
    if (this.state === 'meta') {
      const body = Buffer.concat(this.metaBuf);
      this.metaBuf = [];
      if (this.metaKind === 'x') {
        Object.assign(this.pendingPax, parsePax(body));
        this.hasPendingPax = true;
      } else if (this.metaKind === 'g') {
        Object.assign(this.globalPax, parsePax(body));
        this.hasGlobalPax = true;
      } else if (this.metaKind === 'L') this.longName = trimNul(body);
      else if (this.metaKind === 'K') this.longLink = trimNul(body);
    } else {
      const e = this.current!;
      this.current = undefined;
      this.entryOffset = -1;
      this.h.entryEnd?.(e);
    }
    this.fullPad = this.pad;
    this.state = this.pad > 0 ? 'padding' : 'header';
  }
}

function padOf(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function isZero(b: Buffer): boolean {
  if (b[0] !== 0 || b[148] !== 0) return false; // a real header has a name and a checksum
  for (let k = 0; k < BLOCK; k++) if (b[k] !== 0) return false;
  return true;
}

const noPax: Record<string, string> = Object.freeze({}) as Record<string, string>;

function field(b: Buffer, off: number, len: number): Buffer {
  const end = b.indexOf(0, off);
  return Buffer.from(b.subarray(off, end < 0 || end > off + len ? off + len : end));
}

function trimNul(b: Buffer): Buffer {
  const end = b.indexOf(0);
  return end < 0 ? b : b.subarray(0, end);
}

function decodeLoose(b: Buffer): string {
  try {
    return utf8.decode(b);
  } catch {
    return latin1.decode(b);
  }
}

/** Octal (NUL or space terminated) or GNU base-256 number; undefined when unreadable. */
function parseNumber(b: Buffer, off: number, len: number): number | undefined {
  if (b[off]! & 0x80) {
    // base-256: big-endian two's complement with the top bit as the marker
    if (b[off]! & 0x40) return undefined; // negative
    let v = 0;
    for (let k = off; k < off + len; k++) {
      v = v * 256 + (k === off ? b[k]! & 0x7f : b[k]!);
      if (v > Number.MAX_SAFE_INTEGER) return Infinity;
    }
    return v;
  }
  let v = 0;
  let digits = false;
  let done = false;
  for (let k = off; k < off + len; k++) {
    const c = b[k]!;
    if (c === 0) break;
    if (c === 0x20) {
      if (digits) done = true;
      continue;
    }
    if (done || c < 0x30 || c > 0x37) return undefined;
    v = v * 8 + (c - 0x30);
    digits = true;
  }
  return v;
}

function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const sp = body.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(body.toString('latin1', i, sp), 10);
    if (!Number.isFinite(len) || len <= 0 || i + len > body.length) break;
    const rec = body.subarray(sp + 1, i + len - 1); // drop trailing newline
    const eq = rec.indexOf(0x3d);
    if (eq > 0) out[rec.toString('utf8', 0, eq)] = rec.toString('utf8', eq + 1);
    i += len;
  }
  return out;
}
