import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloudError, CloudErrorCode, parseRetryAfter } from '../../src/custody/cloud/errors.js';
import { backoffDelay, DEFAULT_RETRY, withRetry, type RetryOptions } from '../../src/custody/cloud/retry.js';
import { TokenBucket } from '../../src/custody/cloud/tokenBucket.js';
import { ManualClock } from './cloud-manual-clock.js';

const opts: RetryOptions = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 2000, deadlineMs: 5000, attemptTimeoutMs: 1000 };
const identity = (e: unknown) => e as CloudError;
const throttled = (retryAfterMs?: number) =>
  new CloudError(CloudErrorCode.THROTTLED, 'throttled', { retryable: true, httpStatus: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
const unavailable = () => new CloudError(CloudErrorCode.UNAVAILABLE, 'HTTP 503', { retryable: true, httpStatus: 503 });

describe('withRetry', () => {
  it('returns the first success without waiting', async () => {
    const clock = new ManualClock();
    const r = await withRetry(async () => 42, { options: opts, classify: identity, clock });
    assert.equal(r, 42);
    assert.deepEqual(clock.sleeps, []);
  });

  it('waits at least Retry-After before retrying a throttled call', async () => {
    const clock = new ManualClock();
    let n = 0;
    const r = await withRetry(
      async () => {
        if (n++ < 2) throw throttled(1500);
        return 'ok';
      },
      { options: opts, classify: identity, clock, random: () => 0 },
    );
    assert.equal(r, 'ok');
    assert.equal(n, 3);
    assert.deepEqual(clock.sleeps, [1500, 1500]);
  });

  it('uses full-jitter exponential backoff when there is no Retry-After', async () => {
    const clock = new ManualClock();
    let n = 0;
    await withRetry(
      async () => {
        if (n++ < 4) throw unavailable();
        return 1;
      },
      { options: opts, classify: identity, clock, random: () => 0.5 },
    );
    assert.deepEqual(clock.sleeps, [50, 100, 200, 400]);
    assert.equal(backoffDelay(10, opts, () => 0.999999), 1999);
  });

  it('throws permanent failures at once', async () => {
    const clock = new ManualClock();
    let n = 0;
    await assert.rejects(
      withRetry(
        async () => {
          n++;
          throw new CloudError(CloudErrorCode.FORBIDDEN, 'denied', { httpStatus: 403 });
        },
        { options: opts, classify: identity, clock },
      ),
      (e: unknown) => e instanceof CloudError && e.code === CloudErrorCode.FORBIDDEN,
    );
    assert.equal(n, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it('gives CLOUD_DEADLINE_EXCEEDED with the last transient code when the outage outlasts the deadline', async () => {
    const clock = new ManualClock();
    let n = 0;
    await assert.rejects(
      withRetry(
        async () => {
          n++;
          throw unavailable();
        },
        { options: { ...opts, maxAttempts: 100 }, classify: identity, clock, random: () => 0.999 },
      ),
      (e: unknown) =>
        e instanceof CloudError && e.code === CloudErrorCode.DEADLINE_EXCEEDED && e.lastCode === CloudErrorCode.UNAVAILABLE,
    );
    const waited = clock.sleeps.reduce((a, b) => a + b, 0);
    assert.ok(waited < opts.deadlineMs, `waited ${waited} ms, deadline ${opts.deadlineMs}`);
    assert.ok(n >= 3);
  });

  it('refuses a Retry-After longer than maxDelayMs instead of sleeping through it', async () => {
    const clock = new ManualClock();
    await assert.rejects(
      withRetry(async () => { throw throttled(60_000); }, { options: opts, classify: identity, clock }),
      (e: unknown) => e instanceof CloudError && e.code === CloudErrorCode.DEADLINE_EXCEEDED && e.lastCode === CloudErrorCode.THROTTLED,
    );
    assert.deepEqual(clock.sleeps, []);
  });

  it('throws the last classified error after maxAttempts', async () => {
    const clock = new ManualClock();
    let n = 0;
    await assert.rejects(
      withRetry(async () => { n++; throw throttled(); }, { options: { ...opts, maxAttempts: 3 }, classify: identity, clock, random: () => 0 }),
      (e: unknown) => e instanceof CloudError && e.code === CloudErrorCode.THROTTLED,
    );
    assert.equal(n, 3);
  });

  it('aborts a hanging attempt at attemptTimeoutMs and classifies it as BACKEND_UNAVAILABLE', async () => {
    let n = 0;
    await assert.rejects(
      withRetry(
        (signal) =>
          new Promise((_, reject) => {
            n++;
            signal.addEventListener('abort', () => reject(new Error('aborted')));
          }),
        { options: { ...opts, maxAttempts: 2, attemptTimeoutMs: 20, baseDelayMs: 1 }, classify: identity },
      ),
      (e: unknown) => e instanceof CloudError && e.code === CloudErrorCode.UNAVAILABLE,
    );
    assert.equal(n, 2);
  });

  it('defaults are sane', () => {
    assert.ok(DEFAULT_RETRY.deadlineMs > DEFAULT_RETRY.attemptTimeoutMs);
    assert.ok(DEFAULT_RETRY.maxAttempts > 1);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, HTTP dates and millisecond headers', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter('0.5', now), 500);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now), 3000);
    assert.equal(parseRetryAfter('250', now, 'ms'), 250);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-1', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then paces callers at the configured rate', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 }, clock);
    for (let i = 0; i < 3; i++) await bucket.take();
    assert.deepEqual(clock.sleeps, []);
    await bucket.take();
    await bucket.take();
    assert.deepEqual(clock.sleeps, [100, 100]);
  });

  it('refills over time up to the burst size', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 2 }, clock);
    await bucket.take();
    await bucket.take();
    clock.advance(10_000);
    assert.equal(bucket.available(), 2);
  });

  it('refuses with CLOUD_THROTTLED when the wait would pass the deadline', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 }, clock);
    await bucket.take();
    await assert.rejects(bucket.take(clock.now() + 500), (e: unknown) => e instanceof CloudError && e.code === CloudErrorCode.THROTTLED);
    assert.deepEqual(clock.sleeps, []);
    // The refused caller gave its reservation back.
    clock.advance(1000);
    assert.equal(Math.round(bucket.available()), 1);
  });

  it('withRetry spends one token per attempt', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket({ ratePerSecond: 5, burst: 1 }, clock);
    let n = 0;
    await withRetry(async () => { if (n++ < 1) throw throttled(0); return 1; }, { options: opts, classify: identity, clock, bucket, random: () => 0 });
    // one retry after Retry-After 0 (jitter 0) → the bucket made the second attempt wait 200 ms
    assert.deepEqual(clock.sleeps, [0, 200]);
  });

  it('rejects nonsense settings', () => {
    assert.throws(() => new TokenBucket({ ratePerSecond: 0, burst: 1 }), RangeError);
    assert.throws(() => new TokenBucket({ ratePerSecond: 1, burst: 0 }), RangeError);
  });
});
