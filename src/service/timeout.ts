/**
 * Bounding backend calls in time: a backend that hangs (a dead HSM connection, a cloud
 * endpoint that stopped answering) must turn into a quick coded 503, not a stuck request.
 */
import { ServiceError, ServiceErrorCode } from './errors.js';

/** Resolves like `p`, or rejects with 503 BACKEND_TIMEOUT after `ms` milliseconds. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ServiceError(503, ServiceErrorCode.BACKEND_TIMEOUT, `${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
