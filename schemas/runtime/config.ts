// JSON Schema of runtime-spec config.json (platform-neutral parts, POSIX, Linux in full; other
// platforms loosely), as a function of the spec version. Written from config.md and config-linux.md.
import {
  absPath,
  bool,
  enumOf,
  gate,
  i32,
  i64,
  obj,
  req,
  semver,
  str,
  strArray,
  stringMap,
  u16,
  u32,
  u64,
  type Schema,
} from './dsl.js';
import {
  NAMESPACE_TYPES,
  SECCOMP_ACTIONS,
  SECCOMP_ARCHITECTURES,
  SECCOMP_FLAGS,
  SECCOMP_OPERATORS,
} from './vocabulary.js';

/** Namespace types of linux.namespaces[].type (`time` since 1.1.0). */
export function namespaceTypes(version: string): string[] {
  const base = NAMESPACE_TYPES.filter((t) => t !== 'time');
  return gate(version).at('1.1.0') ? [...base, 'time'] : base;
}

const schedulerPolicies = [
  'SCHED_OTHER',
  'SCHED_FIFO',
  'SCHED_RR',
  'SCHED_BATCH',
  'SCHED_ISO',
  'SCHED_IDLE',
  'SCHED_DEADLINE',
];
const schedulerFlags = [
  'SCHED_FLAG_RESET_ON_FORK',
  'SCHED_FLAG_RECLAIM',
  'SCHED_FLAG_DL_OVERRUN',
  'SCHED_FLAG_KEEP_POLICY',
  'SCHED_FLAG_KEEP_PARAMS',
  'SCHED_FLAG_UTIL_CLAMP_MIN',
  'SCHED_FLAG_UTIL_CLAMP_MAX',
];
const memoryPolicyModes = [
  'MPOL_DEFAULT',
  'MPOL_BIND',
  'MPOL_INTERLEAVE',
  'MPOL_WEIGHTED_INTERLEAVE',
  'MPOL_PREFERRED',
  'MPOL_PREFERRED_MANY',
  'MPOL_LOCAL',
];
const memoryPolicyFlags = ['MPOL_F_NUMA_BALANCING', 'MPOL_F_RELATIVE_NODES', 'MPOL_F_STATIC_NODES'];

/** linux.uidMappings / gidMappings entries (also used by mounts[] since 1.1.0). */
function idMappings(ids: string): Schema {
  const f = 'config-linux.idmappings.fields-required';
  return req(
    ids,
    strArrayOf(
      obj(
        { containerID: u32(f), hostID: u32(f), size: u32(f) },
        { required: ['containerID', 'hostID', 'size'], ids: f },
      ),
    ),
  );
}

function strArrayOf(items: Schema): Schema {
  return { type: 'array', items };
}

function hook(): Schema {
  return obj(
    {
      path: absPath('config.hooks.path-absolute'),
      args: strArray('config.hooks.args-argv'),
      env: strArray('config.hooks.env-environ'),
      // SPEC: timeout is an "int" (Go *int): read as int32; "MUST be greater than zero".
      timeout: req('config.hooks.timeout-positive', { ...i32(), minimum: 1 }),
    },
    { required: ['path'], ids: 'config.hooks.path-absolute' },
  );
}

function hooks(): Schema {
  const list = (): Schema => req('config.hooks.listed-order', strArrayOf(hook()));
  return obj(
    {
      prestart: req('config.hooks.prestart.deprecated', strArrayOf(hook())),
      createRuntime: list(),
      createContainer: list(),
      startContainer: list(),
      poststart: list(),
      poststop: list(),
    },
    { ids: 'config.hooks.listed-order' },
  );
}

function process(version: string): Schema {
  const g = gate(version);
  const caps = (set: string): Schema => strArray(`config.process.capabilities.${set}`);
  const sched = (f: string): string => `config.process.scheduler.${f}`;
  return obj(
    {
      terminal: bool('config.process.terminal'),
      consoleSize: obj(
        // SPEC: height/width are Go `uint`: checked as uint32.
        {
          height: u32('config.process.consoleSize-fields-required'),
          width: u32('config.process.consoleSize-fields-required'),
        },
        { required: ['height', 'width'], ids: 'config.process.consoleSize-fields-required' },
      ),
      cwd: req(
        { '*': ['config.process.cwd-absolute'], required: ['config.process.cwd-required'] },
        { type: 'string' },
      ),
      env: strArray('config.process.env-applied'),
      args: req(
        { '*': ['config.process.args-execvp'], required: ['config.process.args-nonempty'] },
        strArray(),
      ),
      commandLine: str('config.process.args-windows'),
      rlimits: req(
        'config.process.rlimits.fields-required',
        strArrayOf(
          obj(
            {
              type: str('config.process.rlimits.fields-required'),
              soft: u64('config.process.rlimits.soft'),
              hard: u64('config.process.rlimits.hard'),
            },
            { required: ['type', 'soft', 'hard'], ids: 'config.process.rlimits.fields-required' },
          ),
        ),
      ),
      apparmorProfile: str('config.process.apparmorProfile'),
      capabilities: obj(
        {
          effective: caps('effective'),
          bounding: caps('bounding'),
          inheritable: caps('inheritable'),
          permitted: caps('permitted'),
          ambient: caps('ambient'),
        },
        { ids: 'config.process.capabilities.unmappable-warning' },
      ),
      noNewPrivileges: bool('config.process.noNewPrivileges'),
      // SPEC: oomScoreAdj is an "int" (Go *int): int32 bounds (the kernel accepts -1000..1000).
      oomScoreAdj: i32('config.process.oomScoreAdj.set'),
      selinuxLabel: str('config.process.selinuxLabel'),
      user: obj(
        {
          uid: u32('config.process.user.uid'),
          gid: u32('config.process.user.gid'),
          umask: u32('config.process.user.umask-applied'),
          additionalGids: req(
            'config.process.user.additionalGids',
            strArrayOf(u32('config.process.user.additionalGids')),
          ),
          username: str('config.process.user.fields-required'),
        },
        { ids: 'config.process.user.fields-required' },
      ),
      ...g.since('1.1.0', {
        scheduler: obj(
          {
            policy: enumOf(schedulerPolicies, {
              '*': [sched('policy-enum')],
              required: [sched('policy-required')],
            }),
            nice: i32(sched('nice-applied')),
            priority: i32(sched('priority-default-zero')),
            flags: strArray(sched('flags-enum'), enumOf(schedulerFlags, sched('flags-enum'))),
            runtime: u64(sched('runtime-default-zero')),
            deadline: u64(sched('deadline-default-zero')),
            period: u64(sched('period-default-zero')),
          },
          { required: ['policy'], ids: sched('policy-required') },
        ),
        ioPriority: obj(
          {
            class: enumOf(
              ['IOPRIO_CLASS_RT', 'IOPRIO_CLASS_BE', 'IOPRIO_CLASS_IDLE'],
              'config.process.ioPriority.fields-required',
            ),
            // SPEC: "should be an integer ranging from 0 (highest) to 7 (lowest)": the range is a
            // lower-case should, tagged with its own requirement so it reports at should level.
            priority: req(
              {
                '*': ['config.process.ioPriority.fields-required'],
                minimum: ['config.process.ioPriority.priority-range'],
                maximum: ['config.process.ioPriority.priority-range'],
              },
              { type: 'integer', minimum: 0, maximum: 7, 'x-int': 'int32' },
            ),
          },
          { required: ['class', 'priority'], ids: 'config.process.ioPriority.fields-required' },
        ),
      }),
      ...g.since('1.2.1', {
        execCPUAffinity: obj(
          {
            initial: str('config.process.execCPUAffinity.applied'),
            final: str('config.process.execCPUAffinity.final-unset'),
          },
          { ids: 'config.process.execCPUAffinity.applied' },
        ),
      }),
    },
    { required: ['cwd'], ids: 'config.process.required-for-start' },
  );
}

function mounts(version: string): Schema {
  const g = gate(version);
  return req(
    'config.mounts.listed-order',
    strArrayOf(
      obj(
        {
          // SPEC: destination absoluteness depends on platform and version (MUST before 1.2.0,
          // SHOULD on Linux since): left to suites/config rules.
          destination: str('config.mounts.destination-required'),
          source: str('config.mounts.bind-source-relative-to-bundle'),
          type: str('config.mounts.type-linux'),
          options: strArray('config.mounts.custom-options-may'),
          ...g.since('1.1.0', {
            uidMappings: idMappings('config.mounts.idmap.use-mount-mappings'),
            gidMappings: idMappings('config.mounts.idmap.use-mount-mappings'),
          }),
        },
        {
          required: ['destination'],
          ids: {
            '*': ['config.mounts.destination-required'],
            dependencies: ['config.mounts.uidMappings-needs-gidMappings'],
          },
        },
      ),
    ),
  );
}

function withMountDependencies(version: string, m: Schema): Schema {
  if (!gate(version).at('1.1.0')) return m;
  const item = m.items as Schema;
  item.dependencies = { uidMappings: ['gidMappings'], gidMappings: ['uidMappings'] };
  const props = item.properties as Record<string, Schema>;
  props.uidMappings!['x-requirement'] = {
    '*': ['config.mounts.idmap.use-mount-mappings'],
    dependencies: ['config.mounts.uidMappings-needs-gidMappings'],
  };
  props.gidMappings!['x-requirement'] = {
    '*': ['config.mounts.idmap.use-mount-mappings'],
    dependencies: ['config.mounts.gidMappings-needs-uidMappings'],
  };
  return m;
}

function deviceNumberPair(ids: string): Record<string, Schema> {
  return { major: i64(ids), minor: i64(ids) };
}

function resources(version: string): Schema {
  const g = gate(version);
  const mem = (f: string): string => `config-linux.resources.memory.${f}`;
  const cpu = (f: string): string => `config-linux.resources.cpu.${f}`;
  const bio = (f: string): string => `config-linux.resources.blockIO.${f}`;
  const bioFields = bio('fields-required');
  const throttle = (f: string): Schema =>
    req(
      bio(f),
      strArrayOf(
        obj(
          { ...deviceNumberPair(bioFields), rate: u64(bioFields) },
          { required: ['major', 'minor', 'rate'], ids: bioFields },
        ),
      ),
    );
  const pidsLimit = i64('config-linux.resources.pids.limit');
  return obj(
    {
      devices: req(
        'config-linux.resources.devices.order',
        strArrayOf(
          obj(
            {
              allow: bool('config-linux.resources.devices.fields'),
              type: enumOf(['a', 'c', 'b'], 'config-linux.resources.devices.wildcards'),
              ...deviceNumberPair('config-linux.resources.devices.wildcards'),
              access: req('config-linux.resources.devices.fields', {
                type: 'string',
                pattern: '^[rwm]*$',
                'x-format': 'a combination of "r", "w" and "m"',
              }),
            },
            { required: ['allow'], ids: 'config-linux.resources.devices.fields' },
          ),
        ),
      ),
      memory: obj(
        {
          limit: i64(mem('limit')),
          reservation: i64(mem('reservation')),
          swap: i64(mem('swap')),
          kernel: i64(mem('kernel')),
          kernelTCP: i64(mem('kernelTCP')),
          // SPEC: swappiness is a uint64 whose text says "values are from 0 to 100".
          swappiness: req(
            { '*': [mem('swappiness')], maximum: [mem('swappiness-range')] },
            { type: 'integer', minimum: 0, maximum: 100, 'x-int': 'uint64' },
          ),
          disableOOMKiller: bool(mem('disableOOMKiller')),
          useHierarchy: bool(mem('useHierarchy')),
          ...g.since('1.1.0', { checkBeforeUpdate: bool(mem('checkBeforeUpdate')) }),
        },
        { ids: mem('limit') },
      ),
      cpu: obj(
        {
          shares: u64(cpu('shares')),
          quota: i64(cpu('quota')),
          period: u64(cpu('period')),
          realtimeRuntime: i64(cpu('realtimeRuntime')),
          realtimePeriod: u64(cpu('realtimePeriod')),
          cpus: str(cpu('cpus')),
          mems: str(cpu('mems')),
          ...g.since('1.1.0', { burst: u64(cpu('burst')), idle: i64(cpu('idle')) }),
        },
        { ids: cpu('shares') },
      ),
      blockIO: obj(
        {
          weight: u16(bio('weight')),
          leafWeight: u16(bio('leafWeight')),
          weightDevice: req(
            bio('weightDevice'),
            strArrayOf(
              req(
                { '*': [bioFields], anyOf: [bio('weightDevice-needs-weight')] },
                {
                  ...obj(
                    {
                      ...deviceNumberPair(bioFields),
                      weight: u16(bio('weightDevice')),
                      leafWeight: u16(bio('weightDevice')),
                    },
                    { required: ['major', 'minor'] },
                  ),
                  anyOf: [{ required: ['weight'] }, { required: ['leafWeight'] }],
                },
              ),
            ),
          ),
          throttleReadBpsDevice: throttle('throttleReadBpsDevice'),
          throttleWriteBpsDevice: throttle('throttleWriteBpsDevice'),
          throttleReadIOPSDevice: throttle('throttleReadIOPSDevice'),
          throttleWriteIOPSDevice: throttle('throttleWriteIOPSDevice'),
        },
        { ids: bio('weight') },
      ),
      hugepageLimits: req(
        'config-linux.resources.hugepageLimits.fields-required',
        strArrayOf(
          obj(
            {
              pageSize: req(
                {
                  '*': ['config-linux.resources.hugepageLimits.fields-required'],
                  pattern: ['config-linux.resources.hugepageLimits.pageSize-format'],
                },
                {
                  type: 'string',
                  pattern: '^[1-9][0-9]*[KMGTPE]?B$',
                  'x-format': 'a size like "2MB" or "1GB"',
                },
              ),
              limit: u64('config-linux.resources.hugepageLimits.fields-required'),
            },
            { required: ['pageSize', 'limit'], ids: 'config-linux.resources.hugepageLimits.fields-required' },
          ),
        ),
      ),
      network: obj(
        {
          classID: u32('config-linux.resources.network.classID'),
          priorities: req(
            'config-linux.resources.network.priorities',
            strArrayOf(
              obj(
                {
                  name: str('config-linux.resources.network.fields-required'),
                  priority: u32('config-linux.resources.network.fields-required'),
                },
                { required: ['name', 'priority'], ids: 'config-linux.resources.network.fields-required' },
              ),
            ),
          ),
        },
        { ids: 'config-linux.resources.network.classID' },
      ),
      // SPEC: pids.limit is REQUIRED before 1.3.0 and OPTIONAL from 1.3.0 (#1279).
      pids: obj(
        { limit: pidsLimit },
        { required: g.at('1.3.0') ? [] : ['limit'], ids: 'config-linux.resources.pids.limit' },
      ),
      rdma: req('config-linux.resources.rdma.applied', {
        type: 'object',
        additionalProperties: req(
          {
            '*': ['config-linux.resources.rdma.applied'],
            anyOf: ['config-linux.resources.rdma.needs-one-field'],
          },
          {
            ...obj({
              hcaHandles: u32('config-linux.resources.rdma.applied'),
              hcaObjects: u32('config-linux.resources.rdma.applied'),
            }),
            anyOf: [{ required: ['hcaHandles'] }, { required: ['hcaObjects'] }],
          },
        ),
      }),
      ...g.since('1.1.0', { unified: stringMap('config-linux.unified.keys-written') }),
    },
    { ids: 'config-linux.resources.devices.order' },
  );
}

function seccomp(version: string): Schema {
  const g = gate(version);
  const f = 'config-linux.seccomp.syscalls.fields-required';
  return obj(
    {
      defaultAction: enumOf(SECCOMP_ACTIONS, 'config-linux.seccomp.defaultAction-required'),
      architectures: strArray(
        'config-linux.seccomp.architectures',
        enumOf(SECCOMP_ARCHITECTURES, 'config-linux.seccomp.architectures'),
      ),
      flags: strArray('config-linux.seccomp.flags', enumOf(SECCOMP_FLAGS, 'config-linux.seccomp.flags')),
      ...g.since('1.1.0', {
        // SPEC: defaultErrnoRet / errnoRet / args[].index are Go `uint`: checked as uint32.
        defaultErrnoRet: u32('config-linux.seccomp.defaultErrnoRet-default'),
        listenerPath: str('config-linux.seccomp.listener-socket-type'),
        listenerMetadata: req(
          {
            '*': ['config-linux.seccomp.listenerMetadata-sent'],
            dependencies: ['config-linux.seccomp.listenerMetadata-needs-path'],
          },
          { type: 'string' },
        ),
      }),
      syscalls: req(
        f,
        strArrayOf(
          obj(
            {
              names: req(
                { '*': [f], minItems: ['config-linux.seccomp.syscalls.names-nonempty'] },
                { type: 'array', items: { type: 'string' }, minItems: 1 },
              ),
              action: enumOf(SECCOMP_ACTIONS, f),
              ...g.since('1.1.0', { errnoRet: u32('config-linux.seccomp.errnoRet-applied') }),
              args: req(
                f,
                strArrayOf(
                  obj(
                    { index: u32(f), value: u64(f), valueTwo: u64(f), op: enumOf(SECCOMP_OPERATORS, f) },
                    { required: ['index', 'value', 'op'], ids: f },
                  ),
                ),
              ),
            },
            { required: ['names', 'action'], ids: f },
          ),
        ),
      ),
    },
    { required: ['defaultAction'], ids: 'config-linux.seccomp.defaultAction-required' },
  );
}

function linux(version: string): Schema {
  const g = gate(version);
  const seccompSchema = seccomp(version);
  if (g.at('1.1.0')) seccompSchema.dependencies = { listenerMetadata: ['listenerPath'] };
  const intelRdt: Record<string, Schema> = {
    closID: str('config-linux.intelRdt.closID-root'),
    l3CacheSchema: str('config-linux.intelRdt.l3CacheSchema-prefix'),
    memBwSchema: req(
      ['config-linux.intelRdt.memBwSchema-prefix', 'config-linux.intelRdt.memBwSchema-no-newline'],
      {
        type: 'string',
        pattern: '^MB:[^\\n]*$',
        'x-format': 'a schema starting with "MB:" and without newlines',
      },
    ),
  };
  if (g.at('1.1.0') && g.before('1.3.0')) {
    // SPEC: enableCMT / enableMBM existed from 1.1.0 to 1.2.1 and were replaced in 1.3.0.
    intelRdt.enableCMT = bool('config-linux.intelRdt.write-tasks');
    intelRdt.enableMBM = bool('config-linux.intelRdt.write-tasks');
  }
  if (g.at('1.3.0')) {
    intelRdt.schemata = strArray(
      'config-linux.intelRdt.schemata-no-newline',
      req('config-linux.intelRdt.schemata-no-newline', {
        type: 'string',
        pattern: '^[^\\n]*$',
        'x-format': 'a line without newlines',
      }),
    );
    intelRdt.enableMonitoring = bool('config-linux.intelRdt.monitoring-group');
  }
  return obj(
    {
      namespaces: req(
        'config-linux.namespaces.type-required',
        strArrayOf(
          obj(
            {
              type: enumOf(namespaceTypes(version), 'config-linux.namespaces.type-required'),
              path: absPath('config-linux.namespaces.path-absolute'),
            },
            { required: ['type'], ids: 'config-linux.namespaces.type-required' },
          ),
        ),
      ),
      uidMappings: idMappings('config-linux.idmappings.fields-required'),
      gidMappings: idMappings('config-linux.idmappings.fields-required'),
      ...g.since('1.1.0', {
        timeOffsets: req('config-linux.timeOffsets.applied', {
          type: 'object',
          additionalProperties: obj(
            {
              secs: i64('config-linux.timeOffsets.applied'),
              nanosecs: u32('config-linux.timeOffsets.applied'),
            },
            { ids: 'config-linux.timeOffsets.applied' },
          ),
        }),
      }),
      devices: req(
        'config-linux.devices.fields-required',
        strArrayOf({
          ...obj(
            {
              type: enumOf(['c', 'b', 'u', 'p'], 'config-linux.devices.fields-required'),
              path: str('config-linux.devices.fields-required'),
              ...deviceNumberPair('config-linux.devices.fields-required'),
              fileMode: u32('config-linux.devices.fileMode'),
              uid: u32('config-linux.devices.owner'),
              gid: u32('config-linux.devices.owner'),
            },
            { required: ['type', 'path'], ids: 'config-linux.devices.fields-required' },
          ),
          // major/minor are REQUIRED unless type is "p".
          if: { properties: { type: { const: 'p' } }, required: ['type'] },
          else: req('config-linux.devices.fields-required', { required: ['major', 'minor'] }),
        }),
      ),
      ...g.since('1.3.0', {
        netDevices: req('config-linux.netDevices.available', {
          type: 'object',
          additionalProperties: obj(
            { name: str('config-linux.netDevices.rename') },
            { ids: 'config-linux.netDevices.available' },
          ),
        }),
      }),
      cgroupsPath: str('config-linux.cgroupsPath.absolute-or-relative'),
      resources: resources(version),
      intelRdt: obj(intelRdt, { ids: 'config-linux.intelRdt.write-tasks' }),
      ...g.since('1.3.0', {
        memoryPolicy: obj(
          {
            mode: enumOf(memoryPolicyModes, 'config-linux.memoryPolicy.mode-required'),
            nodes: str('config-linux.memoryPolicy.nodes-per-mode'),
            flags: strArray(
              'config-linux.memoryPolicy.flags-enum',
              enumOf(memoryPolicyFlags, 'config-linux.memoryPolicy.flags-enum'),
            ),
          },
          { required: ['mode'], ids: 'config-linux.memoryPolicy.mode-required' },
        ),
      }),
      sysctl: stringMap('config-linux.sysctl.applied'),
      seccomp: seccompSchema,
      rootfsPropagation: enumOf(
        ['shared', 'slave', 'private', 'unbindable'],
        'config-linux.rootfsPropagation.enum',
      ),
      maskedPaths: strArray(
        'config-linux.maskedPaths.absolute',
        absPath('config-linux.maskedPaths.absolute'),
      ),
      readonlyPaths: strArray(
        'config-linux.readonlyPaths.absolute',
        absPath('config-linux.readonlyPaths.absolute'),
      ),
      mountLabel: str('config-linux.mountLabel.applied'),
      personality: obj(
        {
          domain: enumOf(['LINUX', 'LINUX32'], 'config-linux.personality.domain-required'),
          flags: strArray('config-linux.personality.flags-none-supported'),
        },
        { required: ['domain'], ids: 'config-linux.personality.domain-required' },
      ),
    },
    { ids: 'config.platform.linux-object' },
  );
}

function vm(): Schema {
  const ids = 'config.platform.other-objects';
  return obj(
    {
      hypervisor: obj({ path: absPath(ids), parameters: strArray(ids) }, { required: ['path'], ids }),
      kernel: obj(
        { path: absPath(ids), parameters: strArray(ids), initrd: absPath(ids) },
        { required: ['path'], ids },
      ),
      image: obj({ path: absPath(ids), format: str(ids) }, { required: ['path', 'format'], ids }),
    },
    { required: ['kernel'], ids },
  );
}

/**
 * The config.json schema for spec `version` (one of the known versions). Unknown properties are
 * allowed everywhere (config.md "Extensibility").
 */
export function configSchema(version: string): Schema {
  const g = gate(version);
  const other = (): Schema => obj({}, { ids: 'config.platform.other-objects' });
  const root: Schema = obj(
    {
      ociVersion: req(
        { '*': ['config.ociVersion.semver'], required: ['config.ociVersion.required'] },
        semver(),
      ),
      root: obj(
        {
          path: str('config.root.path-required'),
          readonly: bool('config.root.readonly'),
        },
        { required: ['path'], ids: 'config.root.path-required' },
      ),
      mounts: withMountDependencies(version, mounts(version)),
      process: process(version),
      hostname: str('config.hostname'),
      ...g.since('1.1.0', { domainname: str('config.domainname') }),
      hooks: hooks(),
      annotations: stringMap('config.annotations.map', {
        valueIds: 'config.annotations.values-string',
        keyIds: 'config.annotations.keys-nonempty',
      }),
      linux: linux(version),
      solaris: other(),
      windows: obj({}, { ids: 'config.platform.windows-object' }),
      vm: vm(),
      ...g.since('1.1.0', { zos: other() }),
      ...g.since('1.3.0', { freebsd: other() }),
    },
    { required: ['ociVersion'], ids: { '*': ['config.ociVersion.required'] } },
  );
  // POSIX-only requirements apply when the config has no `windows` object.
  // SPEC: the config does not name its platform; a `windows` object is the only signal we have.
  root.$schema = 'http://json-schema.org/draft-07/schema#';
  root.if = { required: ['windows'] };
  root.then = {};
  root.else = req(
    { required: ['config.root.required-non-windows'] },
    {
      required: ['root'],
      properties: {
        root: req({ required: ['config.root.required-non-windows'] }, {}),
        process: req('config.process.args-nonempty', {
          required: ['args'],
          properties: {
            args: req('config.process.args-nonempty', { minItems: 1 }),
            cwd: req('config.process.cwd-absolute', { pattern: '^/', 'x-format': 'an absolute path' }),
            user: req('config.process.user.fields-required', {
              required: ['uid', 'gid'],
              properties: {
                uid: req('config.process.user.fields-required', {}),
                gid: req('config.process.user.fields-required', {}),
              },
            }),
          },
        }),
      },
    },
  );
  return root;
}
