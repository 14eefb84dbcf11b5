// The position-aware, strict (RFC 8259 / I-JSON) JSON reader: native JSON.parse for the value, a
// cheap census for duplicate keys and big integers, and positions computed only when asked.
//
// Choice (measured with bench/json.bench.ts; libraries compared there too):
// - Happy path: `isUtf8` + `toString` + native `JSON.parse` + one iterative walk over the parsed
//   value counting member names, colons inside strings and numbers beyond 2^53. Member names in the
//   text = colons in the text - colons inside strings; when that equals the number of members
//   JSON.parse kept, there is no duplicate key. About 1.3-1.45x bare JSON.parse.
// - Positions: the first few `locate` calls walk the text along the pointer, skipping other values
//   (no allocation); after that, or when the census found duplicates or big integers (or could not
//   decide), the iterative scanner below builds an offset index of every value once.
// - The scanner is ours rather than jsonc-parser's or momoa's: both recurse per nesting level and
//   crash with "Maximum call stack size exceeded" on 10,000 nested '[' (measured), neither reports
//   a trailing comma at the comma, both are slower than our index build (jsonc-parser ~1.2-1.3x,
//   momoa ~3-4x), and we only need offsets, not an AST. It is iterative, strict, and says what it
//   expected and what it found.

import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parsePointer, type JsonDocument, type Position, type ReadProblem } from './types.js';

/** Options of {@link readJson}. */
export interface ReadOptions {
  /**
   * How positions are found. `seek`: the first few `locate` calls walk the text along the pointer
   * (skipping other values without building anything, ~1-3 µs each on a 2.5 KB config); after
   * {@link SEEK_LIMIT} calls, or when the document has duplicates or big integers, an offset index
   * of every value is built once. `index`: build the index on the first call.
   * @default 'seek'
   */
  positions?: 'seek' | 'index';
}

/** Number of pointer walks before a document builds its full offset index. */
export const SEEK_LIMIT = 8;

/** Read a JSON document from bytes. Never throws on bad input: problems are in `problems`. */
export function readJson(bytes: Uint8Array | Buffer, file: string, options: ReadOptions = {}): JsonDocument {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Doc(buf, file, options.positions === 'index' ? 0 : SEEK_LIMIT);
}

/**
 * Read a JSON file; `displayName` (default: `path`) is the name used in locations. Rejects only on
 * I/O errors (missing file, permission...), which callers report as usage or tool errors.
 */
export async function readJsonFile(path: string, displayName: string = path): Promise<JsonDocument> {
  return readJson(await readFile(path), displayName);
}

/** Synchronous form of {@link readJsonFile}. */
export function readJsonFileSync(path: string, displayName: string = path): JsonDocument {
  return readJson(readFileSync(path), displayName);
}

// ---------------------------------------------------------------------------------------------
// Exact integer bounds on source text.

// SPEC: an "integer" for uint64/int64/uint32/int32 fields is a JSON number literal without a
// fraction or an exponent (`-?(0|[1-9][0-9]*)`). "1e3" and "1.0" are rejected although their value
// is integral, and "-0" is rejected for unsigned types, because runc and other Go runtimes decode
// these fields with encoding/json, which calls strconv.ParseUint/ParseInt on the literal and fails
// on those spellings: the config would not load.
const UNSIGNED_RE = /^(?:0|[1-9][0-9]*)$/;
const SIGNED_RE = /^-?(?:0|[1-9][0-9]*)$/;

function fitsUnsigned(digits: string, max: string): boolean {
  return digits.length < max.length || (digits.length === max.length && digits <= max);
}

/** True if `s` is an integer literal in [0, 2^64-1] (see the SPEC note on spelling). */
export function isUint64Text(s: string): boolean {
  return UNSIGNED_RE.test(s) && fitsUnsigned(s, '18446744073709551615');
}

/** True if `s` is an integer literal in [0, 2^32-1]. */
export function isUint32Text(s: string): boolean {
  return UNSIGNED_RE.test(s) && fitsUnsigned(s, '4294967295');
}

/** True if `s` is an integer literal in [-2^63, 2^63-1]. */
export function isInt64Text(s: string): boolean {
  if (!SIGNED_RE.test(s)) return false;
  return s.startsWith('-')
    ? fitsUnsigned(s.slice(1), '9223372036854775808')
    : fitsUnsigned(s, '9223372036854775807');
}

/** True if `s` is an integer literal in [-2^31, 2^31-1]. */
export function isInt32Text(s: string): boolean {
  if (!SIGNED_RE.test(s)) return false;
  return s.startsWith('-') ? fitsUnsigned(s.slice(1), '2147483648') : fitsUnsigned(s, '2147483647');
}

/** True if `s` is an integer literal (no fraction, no exponent). */
export function isIntegerText(s: string): boolean {
  return SIGNED_RE.test(s);
}

// ---------------------------------------------------------------------------------------------
// The document.

/** One value in the offset index. */
interface Node {
  /** Offset of the value's first character. */
  s: number;
  /** Offset just after the value (-1 while a container is open). */
  e: number;
  /** Offset of the member name's opening quote, or -1 for array elements and the root. */
  k: number;
  /** Object members by decoded name (last wins, like JSON.parse) or array elements. */
  c: Map<string, Node> | Node[] | undefined;
}

interface Index {
  root: Node | undefined;
  /** Duplicate keys and (when the text is not JSON) the first syntax problem. */
  problems: ReadProblem[];
  bigIntegers: string[];
  /** Pointers of numbers written with a fraction or an exponent. */
  nonIntegers: string[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

class Doc implements JsonDocument {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  readonly problems: ReadProblem[] = [];
  private index: Index | undefined;
  private lineStarts: number[] | undefined;
  /** Pointers of big integers, known without the index when the census is clean. */
  private bigs: string[] | undefined;
  /** Pointer walks left before the index is built (see {@link ReadOptions}). */
  private seeksLeft: number;
  /** Where the last pointer walk went. */
  private trail: Trail | undefined;

  constructor(buf: Buffer, file: string, seeks: number) {
    this.file = file;
    this.seeksLeft = seeks;
    let start = 0;
    const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    if (bom) start = 3;
    let badByte = -1;
    if (!isUtf8(buf)) badByte = firstInvalidUtf8(buf, start);
    const text = start === 0 ? buf.toString('utf8') : buf.toString('utf8', start);
    this.text = text;
    if (bom) {
      // SPEC: RFC 8259 §8.1 lets parsers ignore a BOM, but Go's encoding/json (runc) rejects it,
      // so it is a problem; it is not fatal: we strip it and read the rest so every other finding
      // is reported too. Positions are in the text without the BOM (what editors show).
      this.problems.push(
        problem(
          this,
          'json.bom',
          0,
          'expected no byte order mark but found EF BB BF at the start of the file',
          {
            expected: 'no byte order mark',
            found: 'EF BB BF',
          },
        ),
      );
    }
    if (badByte >= 0) {
      // SPEC: I-JSON §2.1 requires valid UTF-8. Go's encoding/json (runc) does not reject invalid
      // bytes in strings, it replaces them with U+FFFD; so this is not fatal: we report the first
      // bad byte and, if the rest is JSON, keep the value with U+FFFD in their place (WHATWG
      // decoding: one U+FFFD per maximal invalid subsequence, where Go puts one per byte).
      const offset = buf.toString('utf8', start, badByte).length;
      const seq = Array.from(buf.subarray(badByte, Math.min(badByte + 4, buf.length)), hex).join(' ');
      this.problems.push(
        problem(
          this,
          'json.utf8',
          offset,
          `expected UTF-8 text but found an invalid byte sequence at byte ${badByte} (${seq}...)`,
          { expected: 'valid UTF-8', found: `0x${hex(buf[badByte]!)} at byte ${badByte}` },
        ),
      );
    }
    if (skipWs(text, 0) === text.length) {
      this.problems.push({
        ...problem(this, 'json.empty', text.length, 'expected a JSON value but found an empty document', {
          expected: 'a value',
          found: text.length === 0 ? 'no bytes' : 'only whitespace',
        }),
        fatal: true,
      });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      // Not JSON: the scanner finds the first error and says what it expected.
      const idx = this.getIndex();
      this.problems.push(...idx.problems);
      if (!idx.problems.some((p) => p.fatal)) {
        // Should not happen (the scanner is at least as strict as JSON.parse); never hide it.
        const msg = `expected JSON but found text JSON.parse rejects (${(e as Error).message})`;
        this.problems.push({ ...problem(this, 'json.syntax', 0, msg), fatal: true });
      }
      return;
    }
    this.value = value;
    if (!censusIsClean(text, value)) {
      const idx = this.getIndex();
      for (const p of idx.problems) if (!p.fatal) this.problems.push(p);
    } else this.bigs = [];
  }

  private getIndex(): Index {
    if (this.index === undefined) this.index = scan(this);
    return this.index;
  }

  /** Position of an offset in `text`. */
  position(offset: number): Position {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
  }

  /** The value at `pointer`, or its nearest existing ancestor (`exact` false). */
  private find(pointer: string): Hit {
    const tokens = parsePointer(pointer);
    // Seek only in a document known to be valid with no duplicates (the census was clean): there
    // the first member with a name is the only one, and skipping values needs no error handling.
    if (this.index === undefined && this.bigs !== undefined && this.seeksLeft > 0) {
      this.seeksLeft--;
      this.trail ??= { tokens: [], starts: [skipWs(this.text, 0)], keys: [-1] };
      return seek(this.text, tokens, this.trail);
    }
    let node = this.getIndex().root;
    if (node === undefined) return { s: skipWs(this.text, 0), k: -1, e: -1, exact: false };
    let exact = true;
    for (const t of tokens) {
      const c: Node['c'] = node.c;
      let next: Node | undefined;
      if (c instanceof Map) next = c.get(t);
      else if (c !== undefined && INDEX_RE.test(t)) next = c[Number(t)];
      if (next === undefined) {
        exact = false;
        break;
      }
      node = next;
    }
    return { s: node.s, k: exact ? node.k : -1, e: node.e, exact };
  }

  locate(pointer: string): Position {
    return this.position(this.find(pointer).s);
  }

  locateKey(pointer: string): Position {
    const hit = this.find(pointer);
    return this.position(hit.k >= 0 ? hit.k : hit.s);
  }

  rawNumber(pointer: string): string | undefined {
    if (this.value !== undefined && typeof valueAt(this.value, pointer) !== 'number') return undefined;
    const hit = this.find(pointer);
    if (!hit.exact) return undefined;
    const c = this.text.charCodeAt(hit.s);
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) return undefined;
    return this.text.slice(hit.s, hit.e >= 0 ? hit.e : scalarEnd(this.text, hit.s));
  }

  bigIntegers(): string[] {
    if (this.bigs !== undefined) return [...this.bigs];
    return [...this.getIndex().bigIntegers];
  }

  nonIntegerNumbers(): string[] {
    // A number with a fraction or an exponent starts the text or follows ':', '[' or ','. Without
    // one in the text there is none (a match inside a string only costs building the index).
    if (!NON_INTEGER_HINT.test(this.text)) return [];
    return [...this.getIndex().nonIntegers];
  }
}

const NON_INTEGER_HINT = /(?:^|[:,[])\s*-?\d+(?:\.|[eE])/;

/** Where a pointer led: value start, member name start (-1: none), value end (-1: unknown). */
interface Hit {
  s: number;
  k: number;
  e: number;
  exact: boolean;
}

const INDEX_RE = /^(?:0|[1-9][0-9]*)$/;

/** End offset of the string whose opening quote is at `pos` (the text is valid JSON). */
function stringEnd(text: string, pos: number): number {
  let i = text.indexOf('"', pos + 1);
  for (;;) {
    let b = i - 1;
    while (text.charCodeAt(b) === 0x5c) b--;
    if ((i - b) % 2 === 1) return i + 1; // an even number of backslashes before the quote
    i = text.indexOf('"', i + 1);
  }
}

/** End offset of a number or literal at `pos` (the text is valid JSON). */
function scalarEnd(text: string, pos: number): number {
  let i = pos;
  for (;;) {
    const c = text.charCodeAt(i);
    if (
      c === 0x2c ||
      c === 0x5d ||
      c === 0x7d ||
      c === 0x20 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x09 ||
      c !== c
    )
      return i;
    i++;
  }
}

/** End offset of the value at `pos` (the text is valid JSON). */
function valueEnd(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c === 0x22) return stringEnd(text, pos);
  if (c !== 0x7b && c !== 0x5b) return scalarEnd(text, pos);
  let depth = 0;
  let i = pos;
  for (;;) {
    const d = text.charCodeAt(i);
    if (d === 0x22) {
      i = stringEnd(text, i);
      continue;
    }
    if (d === 0x7b || d === 0x5b) depth++;
    else if ((d === 0x7d || d === 0x5d) && --depth === 0) return i + 1;
    i++;
  }
}

/**
 * Walk a valid, duplicate-free text along `tokens`, skipping the values not on the way. Cheap when
 * only a few positions are needed; the index is better for many.
 */
function seek(text: string, tokens: string[], trail: Trail): Hit {
  // Resume from the deepest value the previous walk passed through on the same path (findings
  // tend to cluster: several in one object).
  let depth = 0;
  while (depth < tokens.length && depth < trail.tokens.length && tokens[depth] === trail.tokens[depth])
    depth++;
  trail.tokens.length = depth;
  trail.starts.length = depth + 1;
  trail.keys.length = depth + 1;
  let pos = trail.starts[depth]!;
  let key = trail.keys[depth]!;
  for (let d = depth; d < tokens.length; d++) {
    const t = tokens[d]!;
    const c = text.charCodeAt(pos);
    const container = pos;
    const missing: Hit = { s: container, k: -1, e: -1, exact: false };
    if (c === 0x7b) {
      pos = skipWs(text, pos + 1);
      for (;;) {
        if (text.charCodeAt(pos) !== 0x22) return missing; // '}'
        const start = pos;
        const end = stringEnd(text, pos);
        const raw = text.slice(pos + 1, end - 1);
        const name = raw.indexOf('\\') === -1 ? raw : (JSON.parse(text.slice(pos, end)) as string);
        pos = skipWs(text, skipWs(text, end) + 1); // past ':'
        if (name === t) {
          key = start;
          break;
        }
        pos = skipWs(text, valueEnd(text, pos));
        if (text.charCodeAt(pos) !== 0x2c) return missing;
        pos = skipWs(text, pos + 1);
      }
    } else if (c === 0x5b) {
      if (!INDEX_RE.test(t)) return missing;
      let n = Number(t);
      pos = skipWs(text, pos + 1);
      if (text.charCodeAt(pos) === 0x5d) return missing;
      while (n-- > 0) {
        pos = skipWs(text, valueEnd(text, pos));
        if (text.charCodeAt(pos) !== 0x2c) return missing;
        pos = skipWs(text, pos + 1);
      }
      key = -1;
    } else return missing;
    trail.tokens.push(t);
    trail.starts.push(pos);
    trail.keys.push(key);
  }
  return { s: pos, k: key, e: -1, exact: true };
}

/** The path of the last pointer walk: value start and member name offset after each token. */
interface Trail {
  tokens: string[];
  /** `starts[d]`: start of the value reached after `d` tokens (`starts[0]`: the root). */
  starts: number[];
  keys: number[];
}

function problem(
  doc: Doc,
  code: ReadProblem['code'],
  offset: number,
  message: string,
  extra: { expected?: string; found?: string; pointer?: string } = {},
): ReadProblem {
  const p: ReadProblem = {
    code,
    message,
    pointer: extra.pointer ?? '',
    position: doc.position(offset),
    fatal: false,
  };
  if (extra.expected !== undefined) p.expected = extra.expected;
  if (extra.found !== undefined) p.found = extra.found;
  return p;
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

function lineStartsOf(text: string): number[] {
  // Line breaks: LF, CRLF and a lone CR (JSON whitespace allows CR; editors break lines on it).
  const starts = [0];
  if (text.indexOf('\r') === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  const re = /\r\n?|\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) starts.push(m.index + m[0].length);
  return starts;
}

function skipWs(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
    else return pos;
  }
}

/** Offset of the first byte of the first invalid UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidUtf8(b: Buffer, from: number): number {
  const n = b.length;
  const cont = (i: number, lo = 0x80, hi = 0xbf): boolean => i < n && b[i]! >= lo && b[i]! <= hi;
  let i = from;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) i++;
    else if (c >= 0xc2 && c <= 0xdf) {
      if (!cont(i + 1)) return i;
      i += 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      const lo = c === 0xe0 ? 0xa0 : 0x80;
      const hi = c === 0xed ? 0x9f : 0xbf; // no UTF-16 surrogates
      if (!cont(i + 1, lo, hi) || !cont(i + 2)) return i;
      i += 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      const lo = c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xf4 ? 0x8f : 0xbf; // <= U+10FFFF
      if (!cont(i + 1, lo, hi) || !cont(i + 2) || !cont(i + 3)) return i;
      i += 4;
    } else return i;
  }
  return -1;
}

/** The value at `pointer` in a parsed value (undefined when missing). */
function valueAt(value: unknown, pointer: string): unknown {
  let v = value;
  for (const t of parsePointer(pointer)) {
    if (Array.isArray(v)) {
      if (!/^(?:0|[1-9][0-9]*)$/.test(t)) return undefined;
      v = v[Number(t)];
    } else if (typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, t)) {
      v = (v as Record<string, unknown>)[t];
    } else return undefined;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// The census: is the fast path's answer (no duplicates, no big integers) certain?

function countColons(s: string): number {
  let n = 0;
  let i = s.indexOf(':');
  while (i !== -1) {
    n++;
    i = s.indexOf(':', i + 1);
  }
  return n;
}

/**
 * True when the text certainly has no duplicate member names and no number beyond ±(2^53-1).
 * Member names in the text = colons outside strings = colons in the text - colons in strings.
 * A colon written as an escape (\u003a) is in the parsed strings but not in the text, so its
 * presence makes the census inconclusive. (Iterative: JSON.parse accepts very deep documents.)
 */
function censusIsClean(text: string, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return typeof value !== 'number' || (value <= MAX_SAFE && value >= -MAX_SAFE);
  }
  let members = 0;
  let colonsInStrings = 0;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const v: unknown = x[i];
        const t = typeof v;
        if (t === 'object') {
          if (v !== null) stack.push(v as object);
        } else if (t === 'string') {
          if ((v as string).indexOf(':') !== -1) colonsInStrings += countColons(v as string);
        } else if (t === 'number' && ((v as number) > MAX_SAFE || (v as number) < -MAX_SAFE)) return false;
      }
    } else {
      const o = x as Record<string, unknown>;
      // for-in (no key array) measured faster than Object.keys here; JSON.parse objects have no
      // inherited enumerable properties.
      for (const k in o) {
        members++;
        if (k.indexOf(':') !== -1) colonsInStrings += countColons(k);
        const v = o[k];
        const t = typeof v;
        if (t === 'object') {
          if (v !== null) stack.push(v as object);
        } else if (t === 'string') {
          if ((v as string).indexOf(':') !== -1) colonsInStrings += countColons(v as string);
        } else if (t === 'number' && ((v as number) > MAX_SAFE || (v as number) < -MAX_SAFE)) return false;
      }
    }
  }
  if (countColons(text) - colonsInStrings !== members) return false;
  return text.indexOf('\\u003') === -1 || !/\\u003[aA]/.test(text);
}

// ---------------------------------------------------------------------------------------------
// The positional scanner: iterative (no recursion per nesting level), strict RFC 8259.

class ScanError {
  constructor(
    readonly offset: number,
    readonly message: string,
    readonly expected: string,
    readonly found: string,
    readonly code: 'json.syntax' | 'json.trailing-data' = 'json.syntax',
  ) {}
}

interface Frame {
  node: Node;
  /** Token of `node` in its parent ('' for the root). */
  tok: string;
  isObj: boolean;
  /** Current member name (objects) or element index (arrays). */
  key: string;
  idx: number;
}

const WORD_RE = /[A-Za-z0-9_$]{1,24}/y;

/** Words for what is at `pos`, for "but found X". */
function foundAt(text: string, pos: number): string {
  if (pos >= text.length) return 'end of input';
  const c = text.charCodeAt(pos);
  const next = text.charCodeAt(pos + 1);
  if (c === 0x2f && (next === 0x2f || next === 0x2a)) return 'a comment (JSON has no comments)';
  if (c === 0x27) return 'a single quote (JSON strings use double quotes)';
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24) {
    WORD_RE.lastIndex = pos;
    const m = WORD_RE.exec(text);
    return `'${m![0]}'`;
  }
  if (c < 0x20 || c === 0x7f) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const cp = text.codePointAt(pos)!;
  return `'${String.fromCodePoint(cp)}'`;
}

function fail(text: string, pos: number, expected: string): never {
  const found = foundAt(text, pos);
  throw new ScanError(pos, `expected ${expected} but found ${found}`, expected, found);
}

function tokenToPointer(stack: Frame[], depth: number, extra?: string): string {
  let p = '';
  for (let i = 1; i <= depth; i++) p += '/' + escapeToken(stack[i]!.tok);
  if (extra !== undefined) p += '/' + escapeToken(extra);
  return p;
}

function escapeToken(t: string): string {
  return t.indexOf('~') === -1 && t.indexOf('/') === -1 ? t : t.replace(/~/g, '~0').replace(/\//g, '~1');
}

const ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** End offset (after the closing quote) of the string starting at `pos`. */
function scanString(text: string, pos: number): number {
  let i = pos + 1;
  // The common case: no escapes, no control characters.
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c || c < 0x20 || c !== c) break;
    i++;
  }
  for (;;) {
    if (i >= text.length)
      throw new ScanError(
        pos,
        "unterminated string: expected a closing '\"' but found end of input",
        "'\"'",
        'end of input',
      );
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c) {
      const e = text.charCodeAt(i + 1);
      if (ESCAPES.has(e)) i += 2;
      else if (
        e === 0x75 &&
        isHex(text.charCodeAt(i + 2)) &&
        isHex(text.charCodeAt(i + 3)) &&
        isHex(text.charCodeAt(i + 4)) &&
        isHex(text.charCodeAt(i + 5))
      )
        i += 6;
      else {
        const found = `'${text.slice(i, e === 0x75 ? i + 6 : i + 2)}'`;
        const expected = 'an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and 4 hex digits)';
        throw new ScanError(i, `expected ${expected} but found ${found}`, expected, found);
      }
    } else if (c < 0x20) {
      const found = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      throw new ScanError(
        i,
        `expected control characters in a string to be escaped (e.g. \\n) but found ${found}`,
        'an escaped control character',
        found,
      );
    } else i++;
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** End offset of the number at `pos`; `isInt` tells whether it has no fraction and no exponent. */
function scanNumber(text: string, pos: number): { end: number; isInt: boolean } {
  let i = pos;
  let isInt = true;
  if (text.charCodeAt(i) === 0x2d) i++;
  const c = text.charCodeAt(i);
  if (c === 0x30) {
    i++;
    if (isDigit(text.charCodeAt(i))) {
      throw new ScanError(
        i - 1,
        'expected a number without leading zeros but found ' + `'${text.slice(pos, i + 1)}'`,
        'a number without leading zeros',
        `'${text.slice(pos, i + 1)}'`,
      );
    }
  } else if (c >= 0x31 && c <= 0x39) {
    while (isDigit(text.charCodeAt(++i)));
  } else fail(text, i, "a digit after '-'");
  if (text.charCodeAt(i) === 0x2e) {
    isInt = false;
    if (!isDigit(text.charCodeAt(++i))) fail(text, i, "a digit after '.'");
    while (isDigit(text.charCodeAt(++i)));
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    isInt = false;
    const s = text.charCodeAt(++i);
    if (s === 0x2b || s === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) fail(text, i, 'a digit in the exponent');
    while (isDigit(text.charCodeAt(++i)));
  }
  return { end: i, isInt };
}

function scan(doc: Doc): Index {
  const sc = new Scanner(doc);
  try {
    sc.run();
  } catch (e) {
    if (!(e instanceof ScanError)) throw e;
    sc.problems.push({
      ...problem(doc, e.code, e.offset, e.message, { expected: e.expected, found: e.found }),
      fatal: true,
    });
  }
  return { root: sc.root, problems: sc.problems, bigIntegers: sc.bigIntegers, nonIntegers: sc.nonIntegers };
}

class Scanner {
  readonly text: string;
  readonly problems: ReadProblem[] = [];
  readonly bigIntegers: string[] = [];
  readonly nonIntegers: string[] = [];
  readonly stack: Frame[] = [];
  root: Node | undefined = undefined;
  pos: number;
  /** Offset of the member name of the value about to be read, or -1. */
  keyStart = -1;

  constructor(readonly doc: Doc) {
    this.text = doc.text;
    this.pos = skipWs(this.text, 0);
  }

  /** Attach a finished or opened node to the current container. */
  attach(node: Node): void {
    const stack = this.stack;
    const top = stack[stack.length - 1];
    if (top === undefined) {
      this.root = node;
      return;
    }
    if (!top.isObj) {
      (top.node.c as Node[]).push(node);
      return;
    }
    const members = top.node.c as Map<string, Node>;
    const prev = members.get(top.key);
    if (prev !== undefined) {
      const first = this.doc.position(prev.k);
      const name = JSON.stringify(top.key);
      this.problems.push(
        problem(
          this.doc,
          'json.duplicate-key',
          node.k,
          `expected unique member names but found ${name} again (first at line ${first.line}, column ${first.column}); the last one wins`,
          {
            pointer: tokenToPointer(stack, stack.length - 1),
            expected: 'unique member names',
            found: `${name} twice`,
          },
        ),
      );
    }
    members.set(top.key, node);
  }

  /** Read a member name at `pos` (a '"') and the ':' after it; leaves `pos` at the value. */
  readKey(top: Frame): void {
    const text = this.text;
    const pos = this.pos;
    const end = scanString(text, pos);
    const raw = text.slice(pos + 1, end - 1);
    top.key = raw.indexOf('\\') === -1 ? raw : (JSON.parse(text.slice(pos, end)) as string);
    this.keyStart = pos;
    const colon = skipWs(text, end);
    if (text.charCodeAt(colon) !== 0x3a) fail(text, colon, "':' after the member name");
    this.pos = skipWs(text, colon + 1);
  }

  /** A number's end; records it when it is an integer beyond ±(2^53-1) or not an integer literal. */
  readNumber(pos: number): number {
    const text = this.text;
    const { end, isInt } = scanNumber(text, pos);
    if (!isInt) this.nonIntegers.push(this.pointerHere());
    if (isInt && end - pos >= 16) {
      const v = Number(text.slice(pos, end));
      if (v > MAX_SAFE || v < -MAX_SAFE) {
        this.bigIntegers.push(this.pointerHere());
      }
    }
    return end;
  }

  /** Pointer of the value being read. */
  private pointerHere(): string {
    const stack = this.stack;
    const top = stack[stack.length - 1];
    return top === undefined
      ? ''
      : tokenToPointer(stack, stack.length - 1, top.isObj ? top.key : String(top.idx));
  }

  run(): void {
    const text = this.text;
    const n = text.length;
    const stack = this.stack;
    let expect = 'a value';
    for (;;) {
      // A value is expected at `pos`.
      let pos = this.pos;
      const c = text.charCodeAt(pos);
      const k = this.keyStart;
      this.keyStart = -1;
      if (c === 0x7b || c === 0x5b) {
        const isObj = c === 0x7b;
        const node: Node = { s: pos, e: -1, k, c: isObj ? new Map<string, Node>() : [] };
        const parent = stack[stack.length - 1];
        const tok = parent === undefined ? '' : parent.isObj ? parent.key : String(parent.idx);
        this.attach(node);
        const frame: Frame = { node, tok, isObj, key: '', idx: 0 };
        stack.push(frame);
        pos = skipWs(text, pos + 1);
        const d = text.charCodeAt(pos);
        if (isObj) {
          if (d === 0x22) {
            this.pos = pos;
            this.readKey(frame);
            expect = 'a value';
            continue;
          }
          if (d !== 0x7d) fail(text, pos, "a member name (a string in double quotes) or '}'");
        } else if (d !== 0x5d) {
          this.pos = pos;
          expect = "a value or ']'";
          continue;
        }
        node.e = pos + 1;
        stack.pop();
        pos++;
      } else {
        let end: number;
        if (c === 0x22) end = scanString(text, pos);
        else if (c === 0x2d || isDigit(c)) end = this.readNumber(pos);
        else if (c === 0x74 && text.startsWith('true', pos)) end = pos + 4;
        else if (c === 0x66 && text.startsWith('false', pos)) end = pos + 5;
        else if (c === 0x6e && text.startsWith('null', pos)) end = pos + 4;
        else fail(text, pos, expect);
        this.attach({ s: pos, e: end, k, c: undefined });
        pos = end;
      }
      // After a value: close containers or go on to the next member/element.
      for (;;) {
        const top = stack[stack.length - 1];
        pos = skipWs(text, pos);
        if (top === undefined) {
          if (pos < n) {
            const found = foundAt(text, pos);
            const comment = found.startsWith('a comment');
            throw new ScanError(
              pos,
              `expected end of input after the top-level value but found ${found}`,
              'end of input',
              found,
              comment ? 'json.syntax' : 'json.trailing-data',
            );
          }
          return;
        }
        const d = text.charCodeAt(pos);
        const close = top.isObj ? 0x7d : 0x5d;
        if (d === 0x2c) {
          const comma = pos;
          pos = skipWs(text, pos + 1);
          if (text.charCodeAt(pos) === close) {
            const ch = top.isObj ? "'}'" : "']'";
            throw new ScanError(
              comma,
              `trailing comma before ${ch}: expected another ${top.isObj ? 'member' : 'element'} after ','`,
              top.isObj ? 'a member name' : 'a value',
              `${ch} after ','`,
            );
          }
          this.pos = pos;
          if (top.isObj) {
            if (text.charCodeAt(pos) !== 0x22) fail(text, pos, 'a member name (a string in double quotes)');
            this.readKey(top);
          } else top.idx++;
          expect = 'a value';
          break;
        }
        if (d === close) {
          top.node.e = pos + 1;
          stack.pop();
          pos++;
          continue;
        }
        fail(text, pos, top.isObj ? "',' or '}' after a member value" : "',' or ']' after an array element");
      }
    }
  }
}
