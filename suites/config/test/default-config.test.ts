// The harness's default runtime config judged by the validate engine with this suite's rules.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../harness/runtime/config-builder.js';
import { validateBytes } from '../../../harness/validate.js';
import { rules } from '../index.js';

describe('default config against oci-conform validate', () => {
  it('has no must- or should-level finding for the versions it may declare', () => {
    for (const specVersion of ['1.0.2', '1.3.0']) {
      const bytes = new TextEncoder().encode(
        JSON.stringify(defaultConfig({ specVersion, cgroupsPath: '/a/b' })),
      );
      const out = validateBytes(bytes, 'config.json', { kind: 'config', rules });
      const bad = out.cases.flatMap((c) =>
        c.findings
          .filter((f) => f.level === 'must' || f.level === 'should')
          .map((f) => `${f.rule}: ${f.message}`),
      );
      expect(bad, specVersion).toEqual([]);
      expect(out.cases.every((c) => c.status !== 'error')).toBe(true);
    }
  });
});
