/**
 * A client-side token bucket that keeps a backend under its cloud quota (Key Vault:
 * a few thousand operations per 10 s per vault; KMS: a per-region, per-account
 * request quota) instead of hitting 429 / ThrottlingException. Callers that find the
 * bucket empty wait their turn in arrival order; a caller whose wait would pass its
 * deadline is refused at once with CLOUD_THROTTLED.
 */
import { type Clock, systemClock } from './clock.js';
import { CloudError, CloudErrorCode } from './errors.js';

/** Rate-limit settings: sustained rate and burst size. */
export interface RateLimitOptions {
  /** Tokens added per second (sustained operations per second). > 0. */
  ratePerSecond: number;
  /** Bucket capacity (operations allowed at once after idling). >= 1. */
  burst: number;
}

/** A token bucket; see the module comment. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly rate: number;
  private readonly burst: number;
  private readonly clock: Clock;

  /** Throws RangeError on a non-positive rate or a burst below 1 (a programmer/config error). */
  constructor(options: RateLimitOptions, clock: Clock = systemClock) {
    if (!(options.ratePerSecond > 0) || !Number.isFinite(options.ratePerSecond)) {
      throw new RangeError('ratePerSecond must be a positive number');
    }
    if (!(options.burst >= 1) || !Number.isFinite(options.burst)) {
      throw new RangeError('burst must be a number >= 1');
    }
    this.rate = options.ratePerSecond;
    this.burst = options.burst;
    this.clock = clock;
    this.tokens = options.burst;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.rate) / 1000);
  }

  /** Tokens available now (may be negative while callers are queued). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /**
   * Takes one token, waiting for it if needed. Rejects with CloudError(CLOUD_THROTTLED)
   * without waiting when the token would only arrive after `deadline` (absolute ms on
   * this bucket's clock), and with the signal's reason if `signal` aborts.
   */
  async take(deadline: number = Number.POSITIVE_INFINITY, signal?: AbortSignal): Promise<void> {
    this.refill();
    // Reserve a token now (the count may go negative): later callers queue behind us.
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const waitMs = Math.ceil((-this.tokens * 1000) / this.rate);
    if (this.clock.now() + waitMs > deadline) {
      this.tokens += 1;
      throw new CloudError(
        CloudErrorCode.THROTTLED,
        `client-side rate limit (${this.rate}/s, burst ${this.burst}): the next slot is ${waitMs} ms away, past the deadline`,
        { retryable: false },
      );
    }
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (err) {
      this.tokens += 1;
      throw err;
    }
  }
}
