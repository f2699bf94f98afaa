/**
 * How long to wait before attempt `attempt + 1` after a throttled or partly refused request:
 * exponential, base × 2^(attempt − 1), with ±50 % jitter so retrying callers spread out.
 */
export function backoffMs(attempt: number, baseDelayMs: number): number {
  return baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random());
}
