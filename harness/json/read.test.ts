// Tests for the position-aware JSON reader: positions, duplicate keys, big integers, problems.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isInt32Text,
  isInt64Text,
  isIntegerText,
  isUint32Text,
  isUint64Text,
  readJson,
  readJsonFile,
  readJsonFileSync,
} from './read.js';
import type { JsonDocument } from './types.js';

const read = (s: string | Uint8Array): JsonDocument =>
  readJson(typeof s === 'string' ? Buffer.from(s, 'utf8') : s, 'config.json');

/** Line and column of the first occurrence of `needle` in `s`, computed independently. */
function lc(s: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = s.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture has no ${needle}`);
  }
  const before = s.slice(0, at).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const pos = (d: JsonDocument, p: string) => {
  const { line, column } = d.locate(p);
  return { line, column };
};
const keyPos = (d: JsonDocument, p: string) => {
  const { line, column } = d.locateKey(p);
  return { line, column };
};
const codes = (d: JsonDocument) => d.problems.map((p) => p.code);

const CONFIG = `{
  "ociVersion": "1.2.0",
  "process": {
    "terminal": false,
    "user": { "uid": 0, "gid": 0 },
    "args": [
      "sh",
      "-c",
      "echo hi"
    ],
    "env": ["PATH=/usr/bin:/bin", "TERM=xterm"]
  },
  "annotations": {
    "a/b": "slash",
    "c~d": "tilde",
    "": "empty"
  },
  "linux": { "resources": { "memory": { "limit": 18446744073709551615, "swap": -9223372036854775808 } } }
}
`;

// The same position tests through the pointer walk ('seek', on a document without big integers or
// duplicates) and through the full offset index.
describe.each(['seek', 'index'] as const)('readJson: values and positions (%s)', (positions) => {
  const SMALL = CONFIG.replace('18446744073709551615', '1').replace('-9223372036854775808', '-1');
  const read = (s: string | Uint8Array): JsonDocument =>
    readJson(typeof s === 'string' ? Buffer.from(s, 'utf8') : s, 'config.json', { positions });

  it('parses the value like JSON.parse with no problems', () => {
    for (const text of [CONFIG, SMALL]) {
      const d = read(text);
      expect(d.problems).toEqual([]);
      expect(d.file).toBe('config.json');
      expect(d.text).toBe(text);
      expect(d.value).toEqual(JSON.parse(text));
    }
  });

  it('locates values and member names at nested pointers', () => {
    const d = read(SMALL);
    expect(pos(d, '')).toEqual({ line: 1, column: 1 });
    expect(pos(d, '/ociVersion')).toEqual(lc(SMALL, '"1.2.0"'));
    expect(keyPos(d, '/ociVersion')).toEqual(lc(SMALL, '"ociVersion"'));
    expect(pos(d, '/process/user/gid')).toEqual(lc(SMALL, '0 }'));
    expect(keyPos(d, '/process/user/gid')).toEqual(lc(SMALL, '"gid"'));
    expect(pos(d, '/process/args')).toEqual(lc(SMALL, '['));
    expect(pos(d, '/process/args/0')).toEqual(lc(SMALL, '"sh"'));
    expect(pos(d, '/process/args/2')).toEqual(lc(SMALL, '"echo hi"'));
    expect(pos(d, '/process/env/1')).toEqual(lc(SMALL, '"TERM=xterm"'));
    // an array element has no member name: locateKey falls back to the value
    expect(keyPos(d, '/process/env/1')).toEqual(lc(SMALL, '"TERM=xterm"'));
  });

  it('decodes escaped pointer tokens (~0, ~1) and the empty member name', () => {
    const d = read(SMALL);
    expect(pos(d, '/annotations/a~1b')).toEqual(lc(SMALL, '"slash"'));
    expect(keyPos(d, '/annotations/a~1b')).toEqual(lc(SMALL, '"a/b"'));
    expect(pos(d, '/annotations/c~0d')).toEqual(lc(SMALL, '"tilde"'));
    expect(pos(d, '/annotations/')).toEqual(lc(SMALL, '"empty"'));
  });

  it('falls back to the nearest existing ancestor for missing members and bad indices', () => {
    const d = read(SMALL);
    expect(pos(d, '/process/user/umask')).toEqual(lc(SMALL, '{ "uid"'));
    expect(keyPos(d, '/process/user/umask')).toEqual(lc(SMALL, '{ "uid"'));
    expect(pos(d, '/process/args/7')).toEqual(lc(SMALL, '['));
    expect(pos(d, '/process/args/01')).toEqual(lc(SMALL, '['));
    expect(pos(d, '/process/args/-')).toEqual(lc(SMALL, '['));
    expect(pos(d, '/nope/deeper')).toEqual({ line: 1, column: 1 });
    expect(() => d.locate('process')).toThrow(/pointer/);
  });

  it('counts lines on CRLF and lone CR, and columns in UTF-16 units after non-ASCII text', () => {
    const crlf = SMALL.replace(/\n/g, '\r\n');
    const d = read(crlf);
    expect(d.problems).toEqual([]);
    expect(pos(d, '/process/args/2')).toEqual(lc(crlf, '"echo hi"'));
    expect(pos(d, '/process/args/2').line).toBe(9);
    const cr = '{\r"a":\r  [1,\r   2]}';
    expect(pos(read(cr), '/a/1')).toEqual({ line: 4, column: 4 });

    const s = '{"名前": "ünïcødé 😀", "x": [true]}';
    const u = read(s);
    expect(u.value).toEqual(JSON.parse(s));
    expect(pos(u, '/x/0')).toEqual(lc(s, 'true'));
    // the emoji is two UTF-16 code units: column is what editors show
    expect(pos(u, '/x/0').column).toBe(s.indexOf('true') + 1);
    expect(keyPos(u, '/x').column).toBe(s.indexOf('"x"') + 1);
    expect(u.locate('/x/0').offset).toBe(s.indexOf('true'));
  });

  it('locates the root after leading whitespace and scalars at the top level', () => {
    const d = read('\n\n   42  \n');
    expect(d.value).toBe(42);
    expect(pos(d, '')).toEqual({ line: 3, column: 4 });
    expect(d.rawNumber('')).toBe('42');
  });

  it('decodes escapes in member names when indexing', () => {
    const s = '{"a\\u002fb": {"\\"q\\"": 1}}';
    const d = read(s);
    expect(d.value).toEqual({ 'a/b': { '"q"': 1 } });
    expect(pos(d, '/a~1b/"q"')).toEqual(lc(s, '1}'));
  });
});

describe('readJson: duplicate member names', () => {
  it('reports a top-level duplicate at the second key, last member wins', () => {
    const s = '{\n  "ociVersion": "1.0.0",\n  "root": {},\n  "ociVersion": "1.2.0"\n}';
    const d = read(s);
    expect(codes(d)).toEqual(['json.duplicate-key']);
    const p = d.problems[0]!;
    expect(p.fatal).toBe(false);
    expect(p.pointer).toBe('');
    expect(p.position).toMatchObject(lc(s, '"ociVersion"', 1));
    expect(p.message).toContain('"ociVersion"');
    expect((d.value as { ociVersion: string }).ociVersion).toBe('1.2.0');
    expect(pos(d, '/ociVersion')).toEqual(lc(s, '"1.2.0"'));
  });

  it('reports nested duplicates with the pointer of the containing object', () => {
    const s = '{"process": {"env": [], "user": {"uid": 1, "gid": 2, "uid": 3}}, "a/b": {"x~": 1, "x~": 2}}';
    const d = read(s);
    expect(codes(d)).toEqual(['json.duplicate-key', 'json.duplicate-key']);
    expect(d.problems[0]!.pointer).toBe('/process/user');
    expect(d.problems[0]!.position).toMatchObject(lc(s, '"uid"', 1));
    expect(d.problems[1]!.pointer).toBe('/a~1b');
    expect(d.problems[1]!.position).toMatchObject(lc(s, '"x~"', 1));
    expect(d.value).toEqual(JSON.parse(s));
  });

  it('sees duplicates whose names are spelled with different escapes', () => {
    const s = '{"a": 1, "\\u0061": 2}';
    const d = read(s);
    expect(codes(d)).toEqual(['json.duplicate-key']);
    expect(d.problems[0]!.position).toMatchObject(lc(s, '"\\u0061"'));
  });

  it('is not fooled by colons inside strings or escaped colons', () => {
    expect(read('{"a:b": "c:d:e", "env": ["PATH=/a:/b"], "x": {"k": "y:"}}').problems).toEqual([]);
    expect(read('{"a\\u003a": 1, "b": "\\u003A\\u003a"}').problems).toEqual([]);
    const d = read('{"a\\u003a": 1, "a:": 2}');
    expect(codes(d)).toEqual(['json.duplicate-key']);
    // names that are special to JavaScript objects
    const proto = read('{"__proto__": {"x": 1}, "constructor": 1, "1": 2, "01": 3, "__proto__": 4}');
    expect(codes(proto)).toEqual(['json.duplicate-key']);
    expect(proto.value).toEqual(JSON.parse('{"__proto__": 4, "constructor": 1, "1": 2, "01": 3}'));
    expect(proto.rawNumber('/__proto__')).toBe('4');
    expect(proto.rawNumber('/01')).toBe('3');
    // same member name in different objects is fine
    expect(read('{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}').problems).toEqual([]);
  });
});

describe('readJson: big integers', () => {
  it('keeps the exact text of integers beyond 2^53', () => {
    const d = read(CONFIG);
    expect(d.rawNumber('/linux/resources/memory/limit')).toBe('18446744073709551615');
    expect(d.rawNumber('/linux/resources/memory/swap')).toBe('-9223372036854775808');
    expect(d.bigIntegers()).toEqual(['/linux/resources/memory/limit', '/linux/resources/memory/swap']);
    expect(d.rawNumber('/process/user/uid')).toBe('0');
    expect(d.rawNumber('/ociVersion')).toBeUndefined();
    expect(d.rawNumber('/process')).toBeUndefined();
    expect(d.rawNumber('/missing')).toBeUndefined();
  });

  it('returns the exact spelling of numbers whose value is a safe integer', () => {
    const d = read('{"v": "1.0.2", "a": 1.0, "b": 1e3, "c": -0, "d": [5, -3], "e": 10E-1, "f": 0}');
    expect(d.rawNumber('/a')).toBe('1.0');
    expect(d.rawNumber('/b')).toBe('1e3');
    expect(d.rawNumber('/c')).toBe('-0');
    expect(d.rawNumber('/d/1')).toBe('-3');
    expect(d.rawNumber('/e')).toBe('10E-1');
    expect(d.rawNumber('/f')).toBe('0');
    // only plain integers, but strings that look like fractions or exponents
    const p = read('{"ociVersion": "1.0.2-dev", "x": "a: 1.5, [2e3", "n": [7, -12, 0], "m": "runc-0"}');
    expect(p.rawNumber('/n/0')).toBe('7');
    expect(p.rawNumber('/n/1')).toBe('-12');
    expect(p.rawNumber('/n/2')).toBe('0');
    expect(p.rawNumber('/n/3')).toBeUndefined();
    expect(p.rawNumber('/x')).toBeUndefined();
    expect(p.rawNumber('/n')).toBeUndefined();
    expect(p.rawNumber('/nope/0')).toBeUndefined();
    const q = read(
      '{"ociVersion": "1.0.2-dev", "n": [7, -12, 0], "m": "runc-0", "k": "x1e5", "o": {"p": 42}}',
    );
    expect(q.rawNumber('/n/1')).toBe('-12');
    expect(q.rawNumber('/o/p')).toBe('42');
    expect(q.rawNumber('/o')).toBeUndefined();
    expect(q.rawNumber('/m')).toBeUndefined();
    expect(read('[1,\n  -0\n]').rawNumber('/1')).toBe('-0');
    expect(read('[2.50]').rawNumber('/0')).toBe('2.50');
  });

  it('bounds are exact at 2^53 and at the uint64 limit', () => {
    const d = read('[9007199254740991, 9007199254740992, -9007199254740991, -9007199254740993, 1e300, 1.5]');
    expect(d.bigIntegers()).toEqual(['/1', '/3']);
    expect(d.rawNumber('/4')).toBe('1e300');
    const u = read('{"a": 18446744073709551615, "b": 18446744073709551616}');
    expect(u.bigIntegers()).toEqual(['/a', '/b']);
    expect(isUint64Text(u.rawNumber('/a')!)).toBe(true);
    expect(isUint64Text(u.rawNumber('/b')!)).toBe(false);
    expect(read('{"x": [1, 2, {"y": 3}]}').bigIntegers()).toEqual([]);
  });

  it('checks integer text exactly', () => {
    expect(isUint64Text('0')).toBe(true);
    expect(isUint64Text('18446744073709551615')).toBe(true);
    expect(isUint64Text('18446744073709551616')).toBe(false);
    expect(isUint64Text('99999999999999999999')).toBe(false);
    expect(isUint64Text('-1')).toBe(false);
    expect(isUint64Text('-0')).toBe(false);
    expect(isUint64Text('1e3')).toBe(false);
    expect(isUint64Text('1.0')).toBe(false);
    expect(isUint64Text('01')).toBe(false);
    expect(isInt64Text('9223372036854775807')).toBe(true);
    expect(isInt64Text('9223372036854775808')).toBe(false);
    expect(isInt64Text('-9223372036854775808')).toBe(true);
    expect(isInt64Text('-9223372036854775809')).toBe(false);
    expect(isInt64Text('-0')).toBe(true);
    expect(isUint32Text('4294967295')).toBe(true);
    expect(isUint32Text('4294967296')).toBe(false);
    expect(isInt32Text('2147483647')).toBe(true);
    expect(isInt32Text('2147483648')).toBe(false);
    expect(isInt32Text('-2147483648')).toBe(true);
    expect(isInt32Text('-2147483649')).toBe(false);
    expect(isIntegerText('12')).toBe(true);
    expect(isIntegerText('1E2')).toBe(false);
  });
});

describe('readJson: numbers written with a fraction or an exponent', () => {
  const doc = (text: string) => readJson(Buffer.from(text), 'x.json');
  it('lists their pointers, integral or not, and nothing else', () => {
    const d = doc('{"a": 1, "b": {"c": [2, 1e3, 3.5, -0.0]}, "d": 1E+2, "e/f": 10.0}');
    expect(d.nonIntegerNumbers!()).toEqual(['/b/c/1', '/b/c/2', '/b/c/3', '/d', '/e~1f']);
  });
  it('is empty for plain integers, and not fooled by versions or numbers inside strings', () => {
    expect(doc('{"ociVersion": "1.0.2", "n": [1, -2, 30]}').nonIntegerNumbers!()).toEqual([]);
    expect(doc('{"s": "x: 1.5", "n": 2}').nonIntegerNumbers!()).toEqual([]);
  });
  it('works at the top level and after big integers', () => {
    expect(doc('2.5').nonIntegerNumbers!()).toEqual(['']);
    expect(doc('[18446744073709551616, 1.5]').nonIntegerNumbers!()).toEqual(['/1']);
  });
});

describe('readJson: problems', () => {
  const fatal = (s: string | Uint8Array) => {
    const d = read(s);
    expect(d.value).toBeUndefined();
    const f = d.problems.filter((p) => p.fatal);
    expect(f).toHaveLength(1);
    return f[0]!;
  };

  it('json.empty for no bytes and for whitespace only', () => {
    expect(fatal('').code).toBe('json.empty');
    const p = fatal(' \n\t\n  ');
    expect(p.code).toBe('json.empty');
    expect(p.position).toMatchObject({ line: 3, column: 3 });
  });

  it('json.syntax for a trailing comma, at the comma', () => {
    const s = '{\n  "a": [1, 2],\n  "b": 1,\n}\n';
    const p = fatal(s);
    expect(p.code).toBe('json.syntax');
    expect(p.position).toMatchObject(lc(s, ',\n}'));
    expect(p.position.line).toBe(3);
    expect(p.position.column).toBe(9);
    expect(p.message).toContain("trailing comma before '}'");
    const q = fatal('[1,\n 2,\n ]');
    expect(q.position).toMatchObject({ line: 2, column: 3 });
    expect(q.message).toContain("trailing comma before ']'");
  });

  it('json.syntax says what was expected and what was found', () => {
    const a = fatal('[,1]');
    expect(a.code).toBe('json.syntax');
    expect(a.message).toBe("expected a value or ']' but found ','");
    expect(a.position).toMatchObject({ line: 1, column: 2 });
    const b = fatal('{"a" 1}');
    expect(b).toMatchObject({ code: 'json.syntax', expected: "':' after the member name", found: "'1'" });
    expect(b.position.column).toBe(6);
    const c = fatal('[1 2]');
    expect(c.position.column).toBe(4);
    expect(c.expected).toContain("','");
    expect(fatal('{a: 1}').found).toBe("'a'");
    expect(fatal("{'a': 1}").found).toContain('single quote');
    expect(fatal('[NaN]').found).toBe("'NaN'");
    expect(fatal('[tru]').found).toBe("'tru'");
    expect(fatal('{"a": 1').found).toBe('end of input');
    expect(fatal('[01]').position.column).toBe(2);
    expect(fatal('[1.]').position.column).toBe(4);
    expect(fatal('[-]').position.column).toBe(3);
    expect(fatal('[1e+]').position.column).toBe(5);
    expect(fatal('["a\\qb"]').position.column).toBe(4);
    expect(fatal('["a\nb"]').position).toMatchObject({ line: 1, column: 4 });
    expect(fatal('["abc').position.column).toBe(2);
  });

  it('json.syntax for comments', () => {
    const s = '{\n  // the version\n  "ociVersion": "1.0.0"\n}';
    const p = fatal(s);
    expect(p.code).toBe('json.syntax');
    expect(p.position).toMatchObject({ line: 2, column: 3 });
    expect(p.found).toContain('comment');
    const t = fatal('{"a": 1} /* end */');
    expect(t.code).toBe('json.syntax');
    expect(t.position.column).toBe(10);
  });

  it('json.trailing-data after the top-level value', () => {
    const p = fatal('{"a": 1}\n{"b": 2}\n');
    expect(p.code).toBe('json.trailing-data');
    expect(p.position).toMatchObject({ line: 2, column: 1 });
    expect(fatal('[1]x').code).toBe('json.trailing-data');
  });

  it('json.bom is reported and stripped; the value is still read', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{\n "a": 1}')]);
    const d = read(bytes);
    expect(codes(d)).toEqual(['json.bom']);
    expect(d.problems[0]!.fatal).toBe(false);
    expect(d.problems[0]!.position).toMatchObject({ line: 1, column: 1 });
    expect(d.value).toEqual({ a: 1 });
    expect(pos(d, '/a')).toEqual({ line: 2, column: 7 });
    const e = read(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(codes(e)).toEqual(['json.bom', 'json.empty']);
  });

  it('json.utf8 at the first bad byte, with line and column', () => {
    const bytes = Buffer.concat([
      Buffer.from('{\n  "ünï": "ok",\n  "b": "x'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('y", "c": "\xff"}', 'latin1'),
    ]);
    const d = read(bytes);
    const u = d.problems.filter((p) => p.code === 'json.utf8');
    expect(u).toHaveLength(1);
    expect(u[0]!.position).toMatchObject({ line: 3, column: 10 });
    expect(u[0]!.found).toContain('0xC3');
    // runc's decoder replaces bad bytes; so do we, and the rest is still checked
    expect(d.value).toEqual({ ünï: 'ok', b: 'x\ufffd(y', c: '\ufffd' });
    for (const bad of [[0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0x80], [0xe2, 0x82], [0x80]]) {
      const b = read(Buffer.concat([Buffer.from('["ab'), Buffer.from(bad), Buffer.from('"]')]));
      expect(b.problems.map((p) => [p.code, p.position.column])).toEqual([['json.utf8', 5]]);
    }
    expect(read(Buffer.from('["\u{10ffff}€"]')).problems).toEqual([]);
  });

  it('deep nesting gives a value and positions, not a stack overflow', () => {
    const depth = 10000;
    const s = '['.repeat(depth) + ']'.repeat(depth);
    const d = read(s);
    expect(d.problems).toEqual([]);
    expect(Array.isArray(d.value)).toBe(true);
    expect(pos(d, '/0'.repeat(depth - 1))).toEqual({ line: 1, column: depth });
    const bad = fatal('['.repeat(depth) + ']'.repeat(depth - 1) + ',]');
    expect(bad.code).toBe('json.syntax');
    const obj = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const o = read(obj.replace('{"a":1}', '{"a":1,"a":2}'));
    expect(codes(o)).toEqual(['json.duplicate-key']);
    expect(o.problems[0]!.pointer).toBe('/a'.repeat(depth - 1));
  });

  it('never throws on arbitrary bytes', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = '{}[]:,"\\ \n-0123456789.eEtruefalsnl/*x\u00e9';
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const len = Math.floor(rnd() * 20);
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const d = read(s);
      let ok = true;
      try {
        JSON.parse(s);
      } catch {
        ok = false;
      }
      expect(d.problems.some((p) => p.fatal)).toBe(!ok || s.trim() === '');
      // the scanner, not the fallback, explains every rejection
      for (const p of d.problems) expect(p.message).not.toContain('JSON.parse rejects');
      for (const p of d.problems) {
        expect(p.position.offset).toBeGreaterThanOrEqual(0);
        expect(p.position.offset).toBeLessThanOrEqual(s.length);
      }
    }
  });
});

describe('readJson: generated documents', () => {
  it('locates every value and member name of random documents with random whitespace', () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const ws = () => ['', ' ', '\n', '\r\n', '\t', '  \n  '][rnd(6)]!;
    const names = ['a', 'b', 'a/b', 'c~d', '', 'é', '😀', 'q"q', 'x:y'];
    for (let round = 0; round < 500; round++) {
      let text = '';
      const values = new Map<string, number>();
      const keys = new Map<string, number>();
      const big: string[] = [];
      const emit = (ptr: string, depth: number): void => {
        text += ws();
        values.set(ptr, text.length);
        const kind = depth > 4 ? rnd(4) : rnd(6);
        if (kind === 0) text += JSON.stringify(names[rnd(names.length)]);
        else if (kind === 1)
          text += ['0', '-1', '3.25', '1e3', '18446744073709551615', 'true', 'null'][rnd(7)];
        else if (kind === 2) {
          const n = String(rnd(100000));
          text += n;
        } else if (kind === 3) text += '[]';
        else if (kind === 4) {
          text += '[';
          const n = 1 + rnd(4);
          for (let i = 0; i < n; i++) {
            if (i > 0) text += ws() + ',';
            emit(`${ptr}/${i}`, depth + 1);
          }
          text += ws() + ']';
        } else {
          text += '{';
          const used = new Set<string>();
          const n = 1 + rnd(4);
          let first = true;
          for (let i = 0; i < n; i++) {
            const name = names[rnd(names.length)]!;
            if (used.has(name)) continue;
            used.add(name);
            if (!first) text += ws() + ',';
            first = false;
            text += ws();
            const child = `${ptr}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
            keys.set(child, text.length);
            text += JSON.stringify(name) + ws() + ':';
            emit(child, depth + 1);
          }
          text += ws() + '}';
        }
        if (text.endsWith('18446744073709551615')) big.push(ptr);
      };
      emit('', 0);
      text += ws();
      const d = read(text);
      expect(d.problems).toEqual([]);
      expect(d.value).toEqual(JSON.parse(text));
      // the pointer walk (a fresh document per call) and the full index agree with the generator
      const bytes = Buffer.from(text);
      const indexed = readJson(bytes, 'x.json', { positions: 'index' });
      for (const [ptr, offset] of values) {
        expect(readJson(bytes, 'x.json').locate(ptr).offset).toBe(offset);
        expect(indexed.locate(ptr).offset).toBe(offset);
        for (const missing of [`${ptr}/zz`, `${ptr}/7`, `${ptr}/0/a`]) {
          const walked = readJson(bytes, 'x.json');
          expect(walked.locate(missing)).toEqual(indexed.locate(missing));
          expect(walked.locateKey(missing)).toEqual(indexed.locateKey(missing));
          expect(walked.rawNumber(missing)).toEqual(indexed.rawNumber(missing));
        }
        expect(readJson(bytes, 'x.json').rawNumber(ptr)).toEqual(indexed.rawNumber(ptr));
      }
      // consecutive walks on one document resume from the previous path: random order, with misses
      const all = [...values.keys()].flatMap((ptr) => [ptr, `${ptr}/zz`, `${ptr}/1`]);
      let walker = readJson(bytes, 'x.json');
      for (let i = 0; i < all.length; i++) {
        if (i % 4 === 0) walker = readJson(bytes, 'x.json'); // 2 walks per pointer: stay under SEEK_LIMIT
        const ptr = all[rnd(all.length)]!;
        expect(walker.locate(ptr)).toEqual(indexed.locate(ptr));
        expect(walker.locateKey(ptr)).toEqual(indexed.locateKey(ptr));
      }
      for (const [ptr, offset] of keys) {
        expect(readJson(bytes, 'x.json').locateKey(ptr).offset).toBe(offset);
        expect(indexed.locateKey(ptr).offset).toBe(offset);
      }
      for (const [ptr, offset] of values) expect(d.locate(ptr).offset).toBe(offset);
      expect(d.bigIntegers()).toEqual(big);

      // one random edit: the reader rejects exactly what JSON.parse rejects, and says where
      const at = rnd(text.length + 1);
      const ch = ',:[]{}"\\0123456789.eE+-tfn/ \u0001'[rnd(29)]!;
      const edited = [text.slice(0, at) + ch + text.slice(at), text.slice(0, at) + text.slice(at + 1)][
        rnd(2)
      ]!;
      let ok = true;
      try {
        JSON.parse(edited);
      } catch {
        ok = false;
      }
      const e = read(edited);
      const fatal = e.problems.filter((p) => p.fatal);
      expect(fatal.length).toBe(ok ? 0 : 1);
      for (const p of e.problems) expect(p.message).not.toContain('JSON.parse rejects');
    }
  });
});

describe('readJson inputs', () => {
  it('accepts a plain Uint8Array view', () => {
    const whole = new TextEncoder().encode('xx{"a": [1, 2]}yy');
    const d = readJson(whole.subarray(2, whole.length - 2), 'view.json');
    expect(d.problems).toEqual([]);
    expect(d.value).toEqual({ a: [1, 2] });
    expect(d.locate('/a/1')).toEqual({ line: 1, column: 11, offset: 10 });
  });
});

describe('readJsonFile', () => {
  it('reads a file with a display name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oci-conform-json-'));
    try {
      const f = join(dir, 'config.json');
      writeFileSync(f, '{"a": [1]}');
      const d = await readJsonFile(f, 'bundle/config.json');
      expect(d.file).toBe('bundle/config.json');
      expect(d.value).toEqual({ a: [1] });
      expect(readJsonFileSync(f).file).toBe(f);
      // I/O errors are the caller's to report (a usage or tool error, not a JSON problem)
      await expect(readJsonFile(join(dir, 'missing.json'))).rejects.toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
