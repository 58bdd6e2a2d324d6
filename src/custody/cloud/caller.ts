/**
 * One object per backend that runs every cloud call through the client-side token
 * bucket and the retry loop with the backend's classifier, and remembers the last
 * failure for `health()`.
 */
import type { Clock } from './clock.js';
import type { CloudError } from './errors.js';
import { type Classifier, type RetryOptions, withRetry } from './retry.js';
import { TokenBucket, type RateLimitOptions } from './tokenBucket.js';

/** Settings of a {@link CloudCaller}. */
export interface CloudCallerOptions {
  retry: RetryOptions;
  rateLimit?: RateLimitOptions | undefined;
  classify: Classifier;
  clock?: Clock;
  random?: () => number;
  onRetry?: (info: { op: string; attempt: number; delayMs: number; code: string }) => void;
}

/** Runs cloud calls with rate limiting, retries and classification. */
export class CloudCaller {
  private readonly bucket: TokenBucket | undefined;
  private readonly options: CloudCallerOptions;
  /** The classified error of the most recent failed call, cleared by a success. */
  lastError: CloudError | undefined;
  /** Calls made (attempts, retries included), for metrics and tests. */
  attempts = 0;

  constructor(options: CloudCallerOptions) {
    this.options = options;
    this.bucket = options.rateLimit ? new TokenBucket(options.rateLimit, options.clock) : undefined;
  }

  /**
   * Runs `fn` (named `op` in logs) under the policy; throws a CloudError. `retry`
   * overrides the retry settings for this call (health probes use a short deadline).
   */
  async call<T>(op: string, fn: (signal: AbortSignal) => Promise<T>, retry?: Partial<RetryOptions>): Promise<T> {
    const onRetry = this.options.onRetry;
    try {
      const result = await withRetry(
        (signal) => {
          this.attempts++;
          return fn(signal);
        },
        {
          options: { ...this.options.retry, ...retry },
          classify: this.options.classify,
          ...(this.bucket ? { bucket: this.bucket } : {}),
          ...(this.options.clock ? { clock: this.options.clock } : {}),
          ...(this.options.random ? { random: this.options.random } : {}),
          ...(onRetry ? { onRetry: (info: { attempt: number; delayMs: number; code: string }) => onRetry({ op, ...info }) } : {}),
        },
      );
      this.lastError = undefined;
      return result;
    } catch (err) {
      const e = this.options.classify(err);
      this.lastError = e;
      throw e;
    }
  }
}
