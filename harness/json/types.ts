// The interface of a parsed, position-aware JSON document. Rules and schema mapping code against
// this; the reader in ./read.ts implements it.

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units of the line (what editors show). */
  column: number;
  /** 0-based offset in the decoded text. */
  offset: number;
}

/** A problem found while reading: the document is not I-JSON. */
export interface ReadProblem {
  code:
    | 'json.syntax' // not JSON at all, or a syntax error (trailing comma, comment, garbage...)
    | 'json.utf8' // bytes are not valid UTF-8
    | 'json.bom' // starts with a byte order mark (RFC 8259 §8.1: MUST NOT add one)
    | 'json.duplicate-key' // an object has the same member name twice (I-JSON §2.3)
    | 'json.trailing-data' // something after the top-level value
    | 'json.empty'; // no value at all
  message: string;
  /** JSON pointer of the containing value (duplicate keys), else ''. */
  pointer: string;
  position: Position;
  /** True when the document could not be parsed into a value at all. */
  fatal: boolean;
  /** What the reader expected at `position` (e.g. `a value or ']'`), for findings' expected/actual. */
  expected?: string;
  /** What it found there (e.g. `','`, `end of input`). */
  found?: string;
}

export interface JsonDocument {
  /** The file name as given by the user (used in locations). */
  file: string;
  /** The decoded text. */
  text: string;
  /** The parsed value (last member wins on duplicates, like JSON.parse); undefined when fatal. */
  value: unknown;
  /** Non-fatal and fatal problems found while reading. */
  problems: ReadProblem[];
  /**
   * Position of the value at `pointer` (RFC 6901). For a missing member, the position of the
   * nearest existing ancestor. Computed lazily: cheap when no finding needs it.
   */
  locate(pointer: string): Position;
  /** Position of the member *name* at `pointer` (falls back to locate). */
  locateKey(pointer: string): Position;
  /**
   * Exact source text of the number at `pointer` (integers beyond 2^53 lose precision in
   * `value`; check bounds on this text), or undefined if the value is not a number.
   */
  rawNumber(pointer: string): string | undefined;
  /** Pointers of every number whose source text is an integer outside ±(2^53-1). */
  bigIntegers(): string[];
  /**
   * Pointers of every number written with a fraction or an exponent (`1.0`, `1e3`): Go decoders
   * (runc) refuse those for integer fields even when the value is integral. Cheap when there is none.
   */
  nonIntegerNumbers?(): string[];
}

/** RFC 6901 pointer helpers. */
export function pointerOf(...tokens: (string | number)[]): string {
  return tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return base + pointerOf(...tokens);
}

export function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/'))
    throw new Error(`invalid JSON pointer ${JSON.stringify(p)}: expected '' or a leading '/'`);
  return p
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
