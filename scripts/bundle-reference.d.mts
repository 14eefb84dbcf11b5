// Types of scripts/bundle-reference.mjs.
/** Writes dist/reference-runtime/oci-reference-runtime.mjs; resolves to its path. */
export function bundleReference(): Promise<string>;
