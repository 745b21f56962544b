import { inspect } from 'node:util';

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export interface WaitOptions<T> {
  /** Gives up after this long (default 15 s). */
  timeoutMs?: number;
  /** Polls this often (default 50 ms). */
  intervalMs?: number;
  /** What is awaited, for the message when it does not come. */
  what?: string;
  /** When the probe's value is the one awaited (default: any truthy value). */
  until?: (value: T) => boolean;
}

/**
 * Polls `probe` until its value is the one awaited (`until`, or truthy), and returns that value.
 * On giving up it throws with what it waited for and the last value or error it saw, so that a
 * failure can be understood from the log alone.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  options: WaitOptions<T> & { until: (value: T) => boolean },
): Promise<T>;
export async function waitFor<T>(probe: () => T | Promise<T>, options?: WaitOptions<T>): Promise<Truthy<T>>;
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 15_000, intervalMs = 50, what = 'condition', until = Boolean }: WaitOptions<T> = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (until(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${describe(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(last: { value: unknown } | { error: unknown } | undefined): string {
  if (!last) return 'never saw a value';
  if ('error' in last) return `last saw an error: ${String(last.error)}`;
  return `last saw ${inspect(last.value, { depth: 4, breakLength: Infinity, maxArrayLength: 20, maxStringLength: 500 })}`;
}
