/* global module */
// The layer table (DESIGN.md "Folders"), written once: each room and the rooms it may import. `npm run
// lint` runs dependency-cruiser with the rules made from it, so an import that runs up fails the lint.
// Tests (*.test.ts, test helpers), bench/ and test/ may import anything and are not checked.

/** room -> the rooms it may import besides itself */
const layers = {
  model: [],
  requirements: ['model'],
  schemas: ['model', 'requirements'],
  reports: ['model'],
  harness: ['model', 'requirements', 'schemas', 'reports'],
  'reference-runtime': ['model', 'requirements', 'schemas'],
  suites: ['model', 'requirements', 'schemas', 'reports', 'harness'],
  cli: ['model', 'requirements', 'schemas', 'reports', 'harness', 'reference-runtime', 'suites'],
  // the programmatic API sits beside cli/ on the top floor and calls the commands
  api: ['model', 'requirements', 'schemas', 'reports', 'harness', 'reference-runtime', 'suites', 'cli'],
};

const rooms = Object.keys(layers);
const exempt = '(\\.test\\.ts$|/testing\\.ts$|\\.fixtures\\.ts$|/test/)';

module.exports = {
  forbidden: [
    ...rooms.map((room) => ({
      name: `layers-${room}`,
      comment: `${room}/ may import only ${layers[room].length ? layers[room].join(', ') : 'nothing of ours'} (DESIGN.md "Folders"): an arrow that runs up or sideways`,
      severity: 'error',
      from: { path: `^${room}/`, pathNot: exempt },
      to: {
        path: `^(${rooms.filter((r) => r !== room && !layers[room].includes(r)).join('|') || '$^'})/`,
      },
    })),
    {
      name: 'no-circular',
      comment: 'a cycle of imports makes the layers meaningless',
      severity: 'error',
      from: { pathNot: exempt },
      to: { circular: true },
    },
    {
      name: 'cli-is-the-top',
      comment: 'nothing but the API, tests and benchmarks imports the commands',
      severity: 'error',
      from: { path: `^(${rooms.filter((r) => r !== 'cli' && r !== 'api').join('|')})/`, pathNot: exempt },
      to: { path: '^cli/' },
    },
    {
      name: 'api-is-the-top',
      comment: 'nothing but tests imports the API',
      severity: 'error',
      from: { path: `^(${rooms.filter((r) => r !== 'api').join('|')})/`, pathNot: exempt },
      to: { path: '^api/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/|/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
