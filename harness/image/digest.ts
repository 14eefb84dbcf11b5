// Digest grammar, registered algorithms and streaming hashes (image-spec descriptor.md "Digests").
import { createHash, type Hash } from 'node:crypto';

/** The algorithms this tool can verify, with their exact encodings. */
export const registeredAlgorithms: Record<string, { encoded: RegExp; node: string }> = {
  sha256: { encoded: /^[a-f0-9]{64}$/, node: 'sha256' },
  sha512: { encoded: /^[a-f0-9]{128}$/, node: 'sha512' },
};

// descriptor.md: algorithm ::= algorithm-component (algorithm-separator algorithm-component)*
// algorithm-component ::= [a-z0-9]+ ; algorithm-separator ::= [+._-] ; encoded ::= [a-zA-Z0-9=_-]+
const grammar = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** A parsed digest string and how it checks against the grammar and the registered encodings. */
export interface ParsedDigest {
  text: string;
  algorithm: string;
  encoded: string;
  /** Fits the generic grammar. */
  grammar: boolean;
  /** The algorithm is one we verify. */
  registered: boolean;
  /** For a registered algorithm: the encoding is exactly right (length, lower-case hex). */
  encodingOk: boolean;
}

export function parseDigest(text: string): ParsedDigest {
  const i = text.indexOf(':');
  const algorithm = i < 0 ? '' : text.slice(0, i);
  const encoded = i < 0 ? text : text.slice(i + 1);
  const reg = registeredAlgorithms[algorithm];
  return {
    text,
    algorithm,
    encoded,
    grammar: grammar.test(text),
    registered: reg !== undefined,
    encodingOk: reg ? reg.encoded.test(encoded) : true,
  };
}

/** Can we verify content against this digest (registered algorithm, well-formed)? */
export function verifiable(d: ParsedDigest): boolean {
  return d.grammar && d.registered && d.encodingOk;
}

/** A hash for a registered algorithm; undefined for others. */
export function hasherFor(algorithm: string): Hash | undefined {
  const reg = registeredAlgorithms[algorithm];
  return reg ? createHash(reg.node) : undefined;
}

export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(registeredAlgorithms[algorithm]!.node).update(bytes).digest('hex')}`;
}

/** The empty descriptor's payload and digest (image-spec 1.1 manifest.md "Guidance for an Empty Descriptor"). */
export const emptyJson = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30=',
} as const;
