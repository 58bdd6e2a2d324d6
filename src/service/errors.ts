/**
 * Typed errors of the signing service. Every refusal the HTTP API returns is a
 * {@link ServiceError}: a stable `code`, an HTTP `status`, and a message free of secrets.
 * The wire form is `{ "error": { "code", "message" } }`.
 */
import { CardanoVrfError } from '../vrf/errors.js';

/** Codes the service itself produces (custody and VRF codes pass through unchanged). */
export const ServiceErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  BAD_JSON: 'BAD_JSON',
  BAD_REQUEST: 'BAD_REQUEST',
  BAD_HEX: 'BAD_HEX',
  BAD_LENGTH: 'BAD_LENGTH',
  BAD_SLOT: 'BAD_SLOT',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  AUTH_MISSING: 'AUTH_MISSING',
  AUTH_INVALID: 'AUTH_INVALID',
  AUTH_FORBIDDEN: 'AUTH_FORBIDDEN',
  POLICY_RAW_ALPHA_DISALLOWED: 'POLICY_RAW_ALPHA_DISALLOWED',
  POLICY_SLOT_OUT_OF_WINDOW: 'POLICY_SLOT_OUT_OF_WINDOW',
  POLICY_KEY_NOT_ALLOWED: 'POLICY_KEY_NOT_ALLOWED',
  RATE_LIMITED: 'RATE_LIMITED',
  BACKEND_UNAVAILABLE: 'BACKEND_UNAVAILABLE',
  BACKEND_TIMEOUT: 'BACKEND_TIMEOUT',
  BACKEND_BUSY: 'BACKEND_BUSY',
  PROOF_MISMATCH: 'PROOF_MISMATCH',
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  CONFIG_INVALID: 'CONFIG_INVALID',
  RELOAD_IN_PROGRESS: 'RELOAD_IN_PROGRESS',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

/** An error the HTTP layer turns into `{ error: { code, message } }` with `status`. */
export class ServiceError extends CardanoVrfError {
  /** HTTP status code (4xx for the caller's fault, 5xx for ours or the backend's). */
  readonly status: number;
  /** Extra response headers (e.g. `Retry-After`, `WWW-Authenticate`, `Allow`). */
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(code, message);
    this.status = status;
    this.headers = headers;
  }
}

/** Thrown by the service configuration loader for malformed configuration. */
export class ServiceConfigError extends CardanoVrfError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ServiceErrorCode.CONFIG_INVALID, message, options);
  }
}

/** HTTP status for a custody/VRF error code reaching the API. */
export function statusForCode(code: string): number {
  switch (code) {
    case 'KEY_NOT_FOUND':
      return 404;
    case 'BAD_INPUT':
    case 'BAD_SUITE':
    case 'BAD_KEY_ID':
    case 'VRF_BAD_LENGTH':
    case 'VRF_BAD_SUITE':
      return 400;
    default:
      // Anything else from a backend (unavailable, auth to the HSM failed, storage,
      // corrupt key, proof mismatch) is the server side's fault: the client may retry.
      return 503;
  }
}
