// Test helper: a JsonDocument built from a value or a text with jsonc-parser, until (and besides)
// harness/json/read.ts. Positions are real (line/column of the value), big integers keep their text.
import { parseTree, findNodeAtLocation, type Node } from 'jsonc-parser';
import type { JsonDocument, Position } from '../../harness/json/types.js';
import { parsePointer } from '../../harness/json/types.js';

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

/** A document over `text` (strict JSON expected; the parsed value uses JSON.parse). */
export function docFromText(text: string, file = 'config.json'): JsonDocument {
  const root: Node | undefined = parseTree(text, [], { disallowComments: true });
  const value: unknown = JSON.parse(text);
  const nodeAt = (pointer: string): Node | undefined => {
    if (!root) return undefined;
    const tokens = parsePointer(pointer);
    let node: Node | undefined = root;
    let nearest: Node = root;
    for (const t of tokens) {
      const seg: string | number = node && node.type === 'array' ? Number(t) : t;
      node = node ? findNodeAtLocation(node, [seg]) : undefined;
      if (!node) return nearest;
      nearest = node;
    }
    return node;
  };
  const bigs: string[] = [];
  const walk = (n: Node, ptr: string): void => {
    if (n.type === 'number') {
      const raw = text.slice(n.offset, n.offset + n.length);
      if (/^-?\d+$/.test(raw) && !Number.isSafeInteger(Number(raw))) bigs.push(ptr);
    } else if (n.type === 'object') {
      for (const p of n.children ?? []) {
        const k = p.children?.[0]?.value as string;
        const v = p.children?.[1];
        if (v) walk(v, ptr + '/' + k.replace(/~/g, '~0').replace(/\//g, '~1'));
      }
    } else if (n.type === 'array') {
      (n.children ?? []).forEach((c, i) => walk(c, `${ptr}/${i}`));
    }
  };
  if (root) walk(root, '');
  return {
    file,
    text,
    value,
    problems: [],
    locate(pointer) {
      const n = nodeAt(pointer);
      return positionAt(text, n ? n.offset : 0);
    },
    locateKey(pointer) {
      const n = nodeAt(pointer);
      if (n && n.parent && n.parent.type === 'property' && n.parent.children?.[1] === n)
        return positionAt(text, n.parent.offset);
      return positionAt(text, n ? n.offset : 0);
    },
    rawNumber(pointer) {
      const n = nodeAt(pointer);
      if (!n || n.type !== 'number') return undefined;
      return text.slice(n.offset, n.offset + n.length);
    },
    bigIntegers() {
      return bigs.slice();
    },
  };
}

/** A document over `JSON.stringify(value, null, 2)`. */
export function docFromValue(value: unknown, file = 'config.json'): JsonDocument {
  return docFromText(JSON.stringify(value, null, 2), file);
}
