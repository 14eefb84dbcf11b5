// The shape of a breaking wrapper entry, apart from the aggregate list so that the areas' lists and the
// aggregate (suites/runtime/breakers.fixtures.ts) do not import each other.

/** A wrapper script under test/wrappers/ and the requirements a case run against it must fail. */
export interface Breaker {
  wrapper: string;
  fails: string[];
}
