/**
 * The retry loop every cloud call goes through: classify the failure, retry only the
 * transient ones (throttling, 5xx, network, per-attempt timeout) with exponential
 * backoff and full jitter, wait at least what `Retry-After` asks, and never pass the
 * total deadline. Permanent failures (auth, permission, not found, refused decrypt)
 * are thrown at once. SDK-level retries are switched off by the backends so that this
 * loop is the only one (and the deadline really bounds the call).
 */
import { type Clock, systemClock } from './clock.js';
import { CloudError, CloudErrorCode } from './errors.js';
import type { TokenBucket } from './tokenBucket.js';

/** Retry settings. All durations in milliseconds. */
export interface RetryOptions {
  /** Most attempts in total (first try included). Default 6. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per attempt. Default 100. */
  baseDelayMs: number;
  /** Largest backoff ceiling (and largest honoured Retry-After). Default 5000. */
  maxDelayMs: number;
  /** Bound on the whole call, waits and attempts included. Default 10000. */
  deadlineMs: number;
  /** Bound on one attempt (aborted through its AbortSignal). Default 5000. */
  attemptTimeoutMs: number;
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 5000,
  deadlineMs: 10_000,
  attemptTimeoutMs: 5000,
};

/** Turns whatever an SDK threw into a CloudError (see classifyAzure / classifyAws). */
export type Classifier = (err: unknown) => CloudError;

/** Everything {@link withRetry} needs besides the call itself. */
export interface RetryContext {
  options: RetryOptions;
  classify: Classifier;
  /** Optional client-side rate limit, one token per attempt. */
  bucket?: TokenBucket;
  clock?: Clock;
  /** Uniform [0, 1) source for jitter; Math.random by default. */
  random?: () => number;
  /** Called before each wait, for logs and metrics (never with secrets). */
  onRetry?: (info: { attempt: number; delayMs: number; code: string }) => void;
}

/** The backoff before attempt `attempt + 1`: full jitter over min(max, base * 2^(attempt-1)). */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `call` until it succeeds, fails permanently, runs out of attempts (the last
 * classified error is thrown: CLOUD_THROTTLED or BACKEND_UNAVAILABLE) or would pass
 * the deadline (CloudError CLOUD_DEADLINE_EXCEEDED, `lastCode` = the last transient
 * code). `call` receives an AbortSignal that fires at the attempt timeout.
 */
export async function withRetry<T>(call: (signal: AbortSignal) => Promise<T>, ctx: RetryContext): Promise<T> {
  const clock = ctx.clock ?? systemClock;
  const random = ctx.random ?? Math.random;
  const opts = ctx.options;
  const start = clock.now();
  const deadline = start + opts.deadlineMs;
  let last: CloudError | undefined;

  const deadlineError = (): CloudError => {
    const lastCode = last?.code ?? CloudErrorCode.UNAVAILABLE;
    return new CloudError(
      CloudErrorCode.DEADLINE_EXCEEDED,
      `cloud call did not succeed within ${opts.deadlineMs} ms` + (last ? `; last failure ${last.code}: ${last.message}` : ''),
      { retryable: false, lastCode, ...(last?.httpStatus !== undefined ? { httpStatus: last.httpStatus } : {}) },
    );
  };

  for (let attempt = 1; ; attempt++) {
    if (ctx.bucket) await ctx.bucket.take(deadline);
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw deadlineError();
    const controller = new AbortController();
    const timeoutMs = Math.min(remaining, opts.attemptTimeoutMs);
    const timer = setTimeout(() => controller.abort(new Error('attempt timeout')), timeoutMs);
    try {
      return await call(controller.signal);
    } catch (err) {
      last = controller.signal.aborted
        ? new CloudError(CloudErrorCode.UNAVAILABLE, `no answer within ${Math.round(timeoutMs)} ms`, { retryable: true })
        : ctx.classify(err);
      if (!last.retryable) throw last;
      if (attempt >= opts.maxAttempts) throw last;
      const backoff = backoffDelay(attempt, opts, random);
      const delay = last.retryAfterMs !== undefined ? Math.min(opts.maxDelayMs, Math.max(last.retryAfterMs, backoff)) : backoff;
      if (last.retryAfterMs !== undefined && last.retryAfterMs > opts.maxDelayMs) throw deadlineError();
      if (clock.now() + delay >= deadline) throw deadlineError();
      ctx.onRetry?.({ attempt, delayMs: delay, code: last.code });
      await clock.sleep(delay);
    } finally {
      clearTimeout(timer);
    }
  }
}
