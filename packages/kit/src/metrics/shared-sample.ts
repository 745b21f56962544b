/**
 * A sample that several gauges of one scrape read together: `read` runs at most once at a time (the
 * gauges collecting meanwhile share it), and a reading that takes longer than `timeoutMs` rejects, so
 * the gauges leave their series out of that scrape rather than hold it or report stale values.
 */
export function sharedSample<T>(read: () => Promise<T>, timeoutMs: number): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () => {
    inFlight ??= read().finally(() => (inFlight = undefined));
    return withTimeout(inFlight, timeoutMs);
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
