// JSON Schema of the runtime-spec state document (runtime.md "State"), as a function of the version.
import { absPath, both, i32, obj, req, semver, str, stringMap, type Schema } from './dsl.js';

/**
 * The state schema. `status` is any string: the spec lists creating/created/running/stopped but
 * lets runtimes define more (runc prints `paused`); rules judge the value.
 */
export function stateSchema(version: string): Schema {
  void version; // the state document has not changed shape between 1.0.2 and 1.3.0
  const s = obj(
    {
      ociVersion: semver(both('runtime.state.ociVersion')),
      id: str(both('runtime.state.id')),
      status: str(both('runtime.state.status')),
      // SPEC: pid is an "int": int32 bounds, and not negative (a process ID).
      pid: req('runtime.state.pid-linux', { ...i32(), minimum: 0 }),
      bundle: absPath(both('runtime.state.bundle')),
      annotations: stringMap('runtime.state.annotations'),
    },
    { required: ['ociVersion', 'id', 'status', 'bundle'], ids: 'runtime.state.schema' },
  );
  s.$schema = 'http://json-schema.org/draft-07/schema#';
  // SPEC: pid is REQUIRED when status is created or running "on Linux"; the state document does
  // not name its platform and this tool drives Linux runtimes, so we require it.
  s.if = { properties: { status: { enum: ['created', 'running'] } }, required: ['status'] };
  s.then = req('runtime.state.pid-linux', { required: ['pid'] });
  return s;
}
