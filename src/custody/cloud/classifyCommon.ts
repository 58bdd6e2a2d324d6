/**
 * Helpers shared by the Azure and AWS classifiers: network-level failures and safe
 * extraction of fields from SDK error objects without importing the SDKs.
 */
import { CloudError, CloudErrorCode } from './errors.js';

/** Node / undici error codes that mean "could not talk to the service" (transient). */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'REQUEST_SEND_ERROR',
]);

/** Reads `obj[key]` when obj is an object, else undefined. Never throws. */
export function field(obj: unknown, key: string): unknown {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return undefined;
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `field` that keeps only strings. */
export function stringField(obj: unknown, key: string): string | undefined {
  const v = field(obj, key);
  return typeof v === 'string' ? v : undefined;
}

/** `field` that keeps only finite numbers. */
export function numberField(obj: unknown, key: string): number | undefined {
  const v = field(obj, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The first line of an SDK message, shortened: enough to diagnose, never a payload dump. */
export function shortMessage(err: unknown): string {
  const m = stringField(err, 'message') ?? String(err);
  const line = m.split('\n')[0] ?? '';
  return line.length > 300 ? line.slice(0, 300) + '…' : line;
}

/** Classifies a network-level failure (errno codes on the error or its causes), or returns null. */
export function classifyNetwork(err: unknown): CloudError | null {
  let cur: unknown = err;
  for (let depth = 0; depth < 5 && cur; depth++) {
    const code = stringField(cur, 'code') ?? stringField(cur, 'errno');
    if (code && NETWORK_ERROR_CODES.has(code)) {
      return new CloudError(CloudErrorCode.UNAVAILABLE, `cannot reach the service (${code})`, { retryable: true, cause: err });
    }
    if (stringField(cur, 'name') === 'TimeoutError') {
      return new CloudError(CloudErrorCode.UNAVAILABLE, 'request timed out', { retryable: true, cause: err });
    }
    cur = field(cur, 'cause');
  }
  return null;
}
