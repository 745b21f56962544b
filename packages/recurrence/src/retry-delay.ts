/** Options of retryDelayMs. */
export interface RetryDelayOptions {
  /** Delay before the first retry, in ms (the seed's RETRY_DELAY_MS). */
  baseMs: number;
  /** Longest delay, in ms; the result never exceeds it, jitter included. */
  maxMs: number;
  /** How far the delay is spread either way, as a fraction from 0 to 1; 0.2 (±20%). */
  jitter?: number;
  /** Uniform numbers in [0, 1); Math.random. Inject a fixed one in tests. */
  random?: () => number;
}

/**
 * How long to wait before retry number `attempt` (1 for the first retry), in whole ms:
 * min(baseMs * 2^(attempt-1), maxMs), spread evenly by up to ±jitter of itself so that jobs that
 * failed together do not all retry in the same instant, then kept within [0, maxMs].
 * Throws RangeError on an attempt below 1 or options out of range.
 */
export function retryDelayMs(attempt: number, options: RetryDelayOptions): number {
  const { baseMs, maxMs, jitter = 0.2, random = Math.random } = options;
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be a whole number from 1, got ${attempt}`);
  if (!(baseMs >= 0) || !(maxMs >= 0))
    throw new RangeError(`baseMs and maxMs must be 0 or more, got ${baseMs} and ${maxMs}`);
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`jitter must be from 0 to 1, got ${jitter}`);
  // 2 ** 1023 is the largest finite power of two; past it the cap applies anyway.
  const nominal = baseMs === 0 ? 0 : Math.min(baseMs * 2 ** Math.min(attempt - 1, 1023), maxMs);
  const spread = nominal * jitter * (2 * random() - 1);
  return Math.min(maxMs, Math.max(0, Math.round(nominal + spread)));
}
