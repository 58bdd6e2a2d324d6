/**
 * Builds a {@link BackendHealth} from a probe's outcome. After a deadline, the health
 * code is the last transient failure (BACKEND_UNAVAILABLE or CLOUD_THROTTLED) so it
 * says which one it was; otherwise it is the classified error's own code.
 */
import type { BackendHealth, BackendType } from '../backend.js';
import { CloudError, CloudErrorCode } from './errors.js';

/** The healthy/unhealthy report for `backend` after a probe that took `latencyMs`. */
export function healthReport(backend: BackendType, latencyMs: number, err?: unknown): BackendHealth {
  if (err === undefined) return { backend, healthy: true, latencyMs: Math.round(latencyMs) };
  if (err instanceof CloudError) {
    const code = err.code === CloudErrorCode.DEADLINE_EXCEEDED && err.lastCode ? err.lastCode : err.code;
    return { backend, healthy: false, code, message: err.message, latencyMs: Math.round(latencyMs) };
  }
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : CloudErrorCode.UNAVAILABLE;
  const message = err instanceof Error ? err.message : String(err);
  return { backend, healthy: false, code, message, latencyMs: Math.round(latencyMs) };
}
