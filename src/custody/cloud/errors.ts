/**
 * Error codes of the cloud custody backends (Azure Key Vault, AWS KMS). Every cloud
 * failure is turned into a {@link CloudError} whose `code` says which kind it is, so
 * `health()` and the CLI can tell an expired credential from a missing permission, a
 * missing key-encryption key, throttling or an outage. Messages never carry seeds,
 * wrapped bytes, tokens or secrets.
 */
import { CustodyError, CustodyErrorCode } from '../errors.js';

/** Codes used by {@link CloudError}. */
export const CloudErrorCode = {
  /** Credentials missing, expired or rejected (HTTP 401, token endpoint refusal, bad signature). */
  AUTH_FAILED: 'CLOUD_AUTH_FAILED',
  /** Authenticated but not allowed (HTTP 403, AccessDeniedException, missing role / IAM action). */
  FORBIDDEN: 'CLOUD_FORBIDDEN',
  /** The configured key-encryption key (Key Vault key, KMS key) does not exist. */
  KEY_NOT_FOUND: 'CLOUD_KEY_NOT_FOUND',
  /** The key-encryption key exists but is disabled, pending deletion or expired. */
  KEY_DISABLED: 'CLOUD_KEY_DISABLED',
  /** The service refused our rate (HTTP 429, ThrottlingException), or the client-side bucket is empty. */
  THROTTLED: 'CLOUD_THROTTLED',
  /** Transient failures (5xx, network, throttling) lasted longer than the configured total deadline. */
  DEADLINE_EXCEEDED: 'CLOUD_DEADLINE_EXCEEDED',
  /** The service refused to decrypt/unwrap: wrong key, wrong encryption context, tampered blob. */
  DECRYPT_REFUSED: 'CLOUD_DECRYPT_REFUSED',
  /** The service answered something we cannot use (wrong length, unknown algorithm). */
  BAD_RESPONSE: 'CLOUD_BAD_RESPONSE',
  /** The request itself was rejected as malformed (HTTP 400 other than the above). */
  BAD_REQUEST: 'CLOUD_BAD_REQUEST',
  /** The service is unreachable or failing (5xx, connection refused, reset, timeout). */
  UNAVAILABLE: CustodyErrorCode.BACKEND_UNAVAILABLE,
} as const;

/** One of {@link CloudErrorCode}'s values. */
export type CloudErrorCodeValue = (typeof CloudErrorCode)[keyof typeof CloudErrorCode];

/** Details carried by a {@link CloudError}. */
export interface CloudErrorDetails {
  /** True when a retry may succeed (throttling, 5xx, network). */
  retryable?: boolean;
  /** Server-requested wait before retrying (Retry-After), milliseconds. */
  retryAfterMs?: number;
  /** HTTP status, when there was a response. */
  httpStatus?: number;
  /** For DEADLINE_EXCEEDED: the code of the last transient failure (BACKEND_UNAVAILABLE or CLOUD_THROTTLED). */
  lastCode?: string;
  cause?: unknown;
}

/** A classified cloud failure: stable `code`, secret-free `message`. */
export class CloudError extends CustodyError {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly httpStatus: number | undefined;
  readonly lastCode: string | undefined;
  constructor(code: CloudErrorCodeValue, message: string, details: CloudErrorDetails = {}) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
    this.httpStatus = details.httpStatus;
    this.lastCode = details.lastCode;
  }
}

/**
 * Parses an HTTP `Retry-After` value (delta-seconds or an HTTP date; also the
 * `retry-after-ms` / `x-ms-retry-after-ms` millisecond forms when `unit` is 'ms') into
 * milliseconds from `now`. Returns undefined for anything unparseable or negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number, unit: 's' | 'ms' = 's'): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    return Number.isFinite(n) ? Math.round(unit === 'ms' ? n : n * 1000) : undefined;
  }
  if (unit === 'ms' || !/[A-Za-z]/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
