/**
 * `GET /upcheck` (liveness, always anonymous) and `GET /health/hsm`: every backend's
 * last probe, 200 when all are healthy, 503 when any configured backend is not. The
 * probe loop runs every `health.interval_ms`, so an outage shows within that plus
 * the probe timeout.
 */
import { sendJson } from '../http/respond.js';
import type { RequestContext } from './context.js';

/** `GET /upcheck`. */
export async function upcheck(ctx: RequestContext): Promise<void> {
  sendJson(ctx.res, 200, { status: 'ok' });
}

/** `GET /health/hsm`. */
export async function healthHsm(ctx: RequestContext): Promise<void> {
  const backends: Record<string, unknown> = {};
  let allHealthy = true;
  for (const s of ctx.state.slots.values()) {
    allHealthy &&= s.healthy;
    backends[s.name] = {
      type: s.config.type,
      healthy: s.healthy,
      code: s.healthy ? null : (s.last.code ?? 'BACKEND_UNAVAILABLE'),
      message: s.healthy ? null : (s.last.message ?? null),
      latency_ms: s.last.latencyMs ?? null,
      checked_at: s.last.checkedAt,
    };
  }
  const keys: Record<string, unknown> = {};
  for (const k of ctx.state.keys.values()) {
    const standbyOk = !!k.standby && !k.standbyRefused && k.standby.healthy;
    keys[k.config.id] = {
      available: !!k.meta && (k.primary.healthy || standbyOk),
      active_backend: k.primary.healthy ? k.primary.name : standbyOk ? k.standby!.name : null,
      failed_over: !k.primary.healthy && standbyOk,
      ...(k.problem ? { problem: k.problem } : {}),
    };
  }
  sendJson(ctx.res, allHealthy ? 200 : 503, { status: allHealthy ? 'ok' : 'unhealthy', backends, keys }, allHealthy ? {} : { 'retry-after': '1' });
}
