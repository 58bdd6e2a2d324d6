/**
 * The time source the retry loop, token bucket and seed cache use. The system clock
 * is the default; tests pass a manual clock so waits are asserted, not timed.
 */

/** Milliseconds-based clock with an abortable sleep. */
export interface Clock {
  /** Current time, milliseconds (monotonic enough for intervals). */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason if aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `performance.timeOrigin + performance.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
