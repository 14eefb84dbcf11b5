// The factor on the harness's deadlines for slow machines (an emulated guest runs 5 to 20 times slower):
// `--timeout-scale F` or OCI_CONFORM_TIMEOUT_SCALE, so that no verdict depends on the speed of the machine.

/** The environment variable scripts/vm.sh sets in its guest. */
export const timeScaleEnv = 'OCI_CONFORM_TIMEOUT_SCALE';

/** The largest factor accepted: 100 × the 30 s case deadline is already 50 minutes. */
export const maxTimeScale = 100;

/**
 * The factor from the flag, else the environment, else 1. Returns an error message for a value that is not a
 * number from 1 to {@link maxTimeScale}.
 */
// SPEC: factors below 1 are refused: shortening the deadlines would make verdicts depend on speed.
export function parseTimeScale(
  flag: string | undefined,
  env: Record<string, string | undefined>,
): { scale: number } | { error: string } {
  const [source, raw] = flag !== undefined ? ['--timeout-scale', flag] : [timeScaleEnv, env[timeScaleEnv]];
  if (raw === undefined || (flag === undefined && raw.trim() === '')) return { scale: 1 };
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 1 || n > maxTimeScale) {
    return {
      error: `${source}: expected a number from 1 to ${maxTimeScale} but found ${JSON.stringify(raw)}`,
    };
  }
  return { scale: n };
}
