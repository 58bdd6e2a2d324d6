/** `GET /metrics` (Prometheus text) and `POST /v1/reload` (re-read configuration and keys). */
import { sendJson, sendText } from '../http/respond.js';
import type { RequestContext } from './context.js';

/** `GET /metrics`. */
export async function metrics(ctx: RequestContext): Promise<void> {
  sendText(ctx.res, 200, await ctx.rt.metrics.render(), ctx.rt.metrics.contentType);
}

/** `POST /v1/reload`: answers once the new configuration serves. */
export async function reload(ctx: RequestContext): Promise<void> {
  // Any request body is ignored; drain it so the connection stays usable.
  ctx.req.resume();
  const report = await ctx.rt.reload();
  sendJson(ctx.res, 200, { status: 'reloaded', ...report });
}
