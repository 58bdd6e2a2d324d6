/**
 * Token-bucket rate limiting, per API token and per key. A bucket holds up to
 * `burst` permits and refills at `perSecond`; a request takes one permit or is
 * refused with the seconds until one is available.
 */
import type { RateLimit } from './config.js';

/** A single token bucket. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(readonly limit: RateLimit, now: number = Date.now()) {
    this.tokens = limit.burst;
    this.last = now;
  }
  /** Takes one permit: 0 when granted, else the seconds to wait. */
  take(now: number = Date.now()): number {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsed * this.limit.perSecond);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return (1 - this.tokens) / this.limit.perSecond;
  }
}

/** Buckets by name, created on first use; a changed limit (after reload) starts a fresh bucket. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  /** Takes a permit from bucket `name` under `limit`: 0 when granted, else seconds to wait. */
  take(name: string, limit: RateLimit | undefined, now: number = Date.now()): number {
    if (!limit) return 0;
    let b = this.buckets.get(name);
    if (!b || b.limit.perSecond !== limit.perSecond || b.limit.burst !== limit.burst) {
      b = new TokenBucket(limit, now);
      this.buckets.set(name, b);
    }
    return b.take(now);
  }
}
