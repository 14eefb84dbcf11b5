// JSON Schema of the runtime-spec features document (features.md, features-linux.md), as a
// function of the version (the document exists since 1.1.0).
import { bool, both, gate, obj, req, semver, str, type Schema } from './dsl.js';

/** Makes a property schema also accept null (features.md: any property but min/max may be null). */
function nullable(s: Schema): Schema {
  const t = s.type;
  if (Array.isArray(t)) return t.includes('null') ? s : { ...s, type: [...t, 'null'] };
  return { ...s, type: [t, 'null'] };
}

function strList(ids: string): Schema {
  return nullable(req(ids, { type: 'array', items: { type: 'string' } }));
}

/** A closed object whose properties may each be null, itself nullable. */
function closed(props: Record<string, Schema>, ids: string): Schema {
  const p: Record<string, Schema> = {};
  for (const [k, v] of Object.entries(props)) p[k] = nullable(v);
  return nullable(
    req({ '*': [ids], additionalProperties: ['features.no-unknown-properties'] }, obj(p, { closed: true })),
  );
}

/**
 * The features schema for spec `version` (1.1.0 or later). The spec forbids properties that the
 * declared ociVersionMax does not define (features.md), so objects are closed, except the
 * annotations map.
 */
export function featuresSchema(version: string): Schema {
  const g = gate(version);
  const fl = (id: string): string => `features-linux.${id}`;
  const enabled = (id: string): Schema => closed({ enabled: bool(fl(id)) }, fl(id));
  const linux: Record<string, Schema> = {
    namespaces: strList(fl('namespaces-recognized')),
    capabilities: strList(fl('capabilities-recognized')),
    cgroup: closed(
      {
        v1: bool(fl('cgroup-flags')),
        v2: bool(fl('cgroup-flags')),
        systemd: bool(fl('cgroup-flags')),
        systemdUser: bool(fl('cgroup-flags')),
        rdma: bool(fl('cgroup-flags')),
      },
      fl('cgroup-flags'),
    ),
    seccomp: closed(
      {
        enabled: bool(fl('seccomp-enabled')),
        actions: strList(fl('seccomp.actions-recognized')),
        operators: strList(fl('seccomp.operators-recognized')),
        archs: strList(fl('seccomp.archs-recognized')),
        knownFlags: strList(fl('seccomp.knownFlags-recognized')),
        supportedFlags: strList(fl('seccomp.supportedFlags-supported')),
      },
      fl('seccomp-enabled'),
    ),
    apparmor: enabled('apparmor-enabled'),
    selinux: enabled('selinux-enabled'),
    intelRdt: closed(
      {
        enabled: bool(fl('intelRdt-flags')),
        ...g.since('1.3.0', { schemata: bool(fl('intelRdt-flags')), monitoring: bool(fl('intelRdt-flags')) }),
      },
      fl('intelRdt-flags'),
    ),
    ...g.since('1.2.0', {
      mountExtensions: closed(
        {
          idmap: closed(
            { enabled: bool(fl('mountExtensions.idmap-enabled')) },
            fl('mountExtensions.idmap-enabled'),
          ),
        },
        fl('mountExtensions.idmap-enabled'),
      ),
    }),
    ...g.since('1.3.0', {
      memoryPolicy: closed(
        {
          modes: strList(fl('memoryPolicy.modes-recognized')),
          flags: strList(fl('memoryPolicy.flags-recognized')),
        },
        fl('memoryPolicy.modes-recognized'),
      ),
      netDevices: enabled('netDevices-enabled'),
    }),
  };
  const annotations = nullable(
    req('features.annotations-map', {
      type: 'object',
      additionalProperties: str('features.annotations-map'),
      propertyNames: req('features.annotations-map', { minLength: 1 }),
    }),
  );
  const s = req(
    { '*': ['features.no-unknown-properties'] },
    obj(
      {
        ociVersionMin: semver(both('features.ociVersionMin')),
        ociVersionMax: semver(both('features.ociVersionMax')),
        hooks: strList('features.hooks-supported'),
        mountOptions: strList('features.mountOptions-recognized'),
        linux: closed(linux, 'features.linux-object'),
        annotations,
        ...g.since('1.2.0', {
          potentiallyUnsafeConfigAnnotations: strList('features.potentiallyUnsafeConfigAnnotations'),
        }),
      },
      { required: ['ociVersionMin', 'ociVersionMax'], closed: true },
    ),
  );
  s['x-requirement'] = {
    '*': ['features.no-unknown-properties'],
    additionalProperties: ['features.no-unknown-properties'],
  };
  s.$schema = 'http://json-schema.org/draft-07/schema#';
  return s;
}
