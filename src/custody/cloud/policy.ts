/**
 * The tuning every cloud backend shares, as it appears in the configuration file:
 * `retry`, `rateLimit` and `seedCacheTtlMs`. Validated here, so a malformed value is a
 * CONFIG_INVALID error naming the field rather than a surprise at the first call.
 */
import { CustodyError, CustodyErrorCode } from '../errors.js';
import { DEFAULT_RETRY, type RetryOptions } from './retry.js';
import type { RateLimitOptions } from './tokenBucket.js';

/** The configuration members shared by `azure-keyvault` and `aws-kms`. */
export interface CloudTuning {
  /** Retry/backoff/deadline settings; each field optional, see DEFAULT_RETRY. */
  retry?: Partial<RetryOptions>;
  /** Client-side token bucket; absent = no client-side limit. */
  rateLimit?: RateLimitOptions;
  /** Seed-cache TTL in milliseconds; 0 or absent = no cache (the default). */
  seedCacheTtlMs?: number;
}

/** {@link CloudTuning} with defaults applied. */
export interface ResolvedTuning {
  retry: RetryOptions;
  rateLimit: RateLimitOptions | undefined;
  seedCacheTtlMs: number;
}

/** Longest accepted seed-cache TTL: one day. */
export const MAX_SEED_CACHE_TTL_MS = 86_400_000;

function bad(path: string, what: string): CustodyError {
  return new CustodyError(CustodyErrorCode.CONFIG_INVALID, `${path}: ${what}`);
}

function num(value: unknown, path: string, min: number, max: number, integer: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(path, 'must be a number');
  if (integer && !Number.isInteger(value)) throw bad(path, 'must be an integer');
  if (value < min || value > max) throw bad(path, `must be between ${min} and ${max}`);
  return value;
}

/** Validates `tuning` (members of the backend config at `prefix`) and applies defaults. Throws CONFIG_INVALID. */
export function resolveTuning(tuning: CloudTuning, prefix: string): ResolvedTuning {
  const retry: RetryOptions = { ...DEFAULT_RETRY };
  if (tuning.retry !== undefined) {
    if (typeof tuning.retry !== 'object' || tuning.retry === null) throw bad(`${prefix}.retry`, 'must be an object');
    const r = tuning.retry as Record<string, unknown>;
    for (const k of Object.keys(r)) {
      if (!(k in DEFAULT_RETRY)) throw bad(`${prefix}.retry.${k}`, 'unknown field');
    }
    if (r.maxAttempts !== undefined) retry.maxAttempts = num(r.maxAttempts, `${prefix}.retry.maxAttempts`, 1, 100, true);
    if (r.baseDelayMs !== undefined) retry.baseDelayMs = num(r.baseDelayMs, `${prefix}.retry.baseDelayMs`, 1, 60_000, false);
    if (r.maxDelayMs !== undefined) retry.maxDelayMs = num(r.maxDelayMs, `${prefix}.retry.maxDelayMs`, 1, 300_000, false);
    if (r.deadlineMs !== undefined) retry.deadlineMs = num(r.deadlineMs, `${prefix}.retry.deadlineMs`, 1, 600_000, false);
    if (r.attemptTimeoutMs !== undefined) {
      retry.attemptTimeoutMs = num(r.attemptTimeoutMs, `${prefix}.retry.attemptTimeoutMs`, 1, 600_000, false);
    }
  }
  let rateLimit: RateLimitOptions | undefined;
  if (tuning.rateLimit !== undefined) {
    const l = tuning.rateLimit as unknown as Record<string, unknown>;
    if (typeof l !== 'object' || l === null) throw bad(`${prefix}.rateLimit`, 'must be an object');
    rateLimit = {
      ratePerSecond: num(l.ratePerSecond, `${prefix}.rateLimit.ratePerSecond`, 0.001, 1_000_000, false),
      burst: num(l.burst ?? 1, `${prefix}.rateLimit.burst`, 1, 1_000_000, false),
    };
  }
  const seedCacheTtlMs =
    tuning.seedCacheTtlMs === undefined ? 0 : num(tuning.seedCacheTtlMs, `${prefix}.seedCacheTtlMs`, 0, MAX_SEED_CACHE_TTL_MS, false);
  return { retry, rateLimit, seedCacheTtlMs };
}

/** The `retry` member of a cloud backend's configuration file (snake_case, all optional). */
export interface CloudRetryConfig {
  max_attempts?: number;
  base_delay_ms?: number;
  max_delay_ms?: number;
  deadline_ms?: number;
  attempt_timeout_ms?: number;
}

/** The configuration-file members a cloud backend's tuning comes from. */
export interface CloudTuningConfig {
  retry?: CloudRetryConfig;
  rate_limit?: { per_second: number; burst?: number };
  seed_cache_ttl_seconds?: number;
}

/** Maps the configuration file's snake_case tuning to {@link resolveTuning}. Throws CONFIG_INVALID. */
export function tuningFromConfig(c: CloudTuningConfig, prefix: string): ResolvedTuning {
  const r = c.retry;
  const retry: Partial<RetryOptions> | undefined = r
    ? {
        ...(r.max_attempts !== undefined ? { maxAttempts: r.max_attempts } : {}),
        ...(r.base_delay_ms !== undefined ? { baseDelayMs: r.base_delay_ms } : {}),
        ...(r.max_delay_ms !== undefined ? { maxDelayMs: r.max_delay_ms } : {}),
        ...(r.deadline_ms !== undefined ? { deadlineMs: r.deadline_ms } : {}),
        ...(r.attempt_timeout_ms !== undefined ? { attemptTimeoutMs: r.attempt_timeout_ms } : {}),
      }
    : undefined;
  if (r) {
    const known = new Set(['max_attempts', 'base_delay_ms', 'max_delay_ms', 'deadline_ms', 'attempt_timeout_ms']);
    for (const k of Object.keys(r)) if (!known.has(k)) throw bad(`${prefix}.retry.${k}`, 'unknown field');
  }
  return resolveTuning(
    {
      ...(retry ? { retry } : {}),
      ...(c.rate_limit ? { rateLimit: { ratePerSecond: c.rate_limit.per_second, burst: c.rate_limit.burst ?? 1 } } : {}),
      ...(c.seed_cache_ttl_seconds !== undefined ? { seedCacheTtlMs: c.seed_cache_ttl_seconds * 1000 } : {}),
    },
    prefix,
  );
}
