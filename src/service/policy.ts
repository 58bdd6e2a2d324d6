/**
 * Per-key policy, checked before any backend call: the token may use the key, raw
 * alpha only when `allow_raw_alpha`, Praos slots only inside the window around the
 * network's current slot, and the per-token and per-key rate limits. A refusal is
 * counted, audited (actor = token name, with the alpha's SHA-256) and thrown as
 * 403 (policy) or 429 (rate limit) with a stable code.
 */
import type { TokenConfig } from './config.js';
import { ServiceError, ServiceErrorCode as C } from './errors.js';
import type { KeyEntry } from './keyring.js';
import type { RequestContext } from './routes/context.js';
import { slotInWindow } from './slot-clock.js';

async function refuse(ctx: RequestContext, entry: KeyEntry, err: ServiceError, alpha?: Uint8Array, detail: Record<string, string | number | boolean> = {}): Promise<never> {
  ctx.rt.metrics.policyRefused(entry.config.id, err.code);
  await ctx.rt.audit
    .record({
      operation: 'prove',
      keyId: entry.config.id,
      ...(alpha ? { alpha } : {}),
      result: 'failure',
      code: err.code,
      actor: ctx.token?.name ?? 'anonymous',
      detail: { refused_by: 'policy', ...detail },
    })
    .catch(() => undefined);
  throw err;
}

/** 403 POLICY_KEY_NOT_ALLOWED unless the token may use the key. */
export async function checkKeyAllowed(ctx: RequestContext, token: TokenConfig, entry: KeyEntry): Promise<void> {
  if (token.keys && !token.keys.includes(entry.config.id)) {
    await refuse(ctx, entry, new ServiceError(403, C.POLICY_KEY_NOT_ALLOWED, `token "${token.name}" may not use key ${entry.config.id}`));
  }
}

/** 403 POLICY_RAW_ALPHA_DISALLOWED unless the key allows arbitrary alpha. */
export async function checkRawAlpha(ctx: RequestContext, entry: KeyEntry, alpha: Uint8Array): Promise<void> {
  if (!entry.config.policy.allowRawAlpha) {
    await refuse(
      ctx,
      entry,
      new ServiceError(403, C.POLICY_RAW_ALPHA_DISALLOWED, `key ${entry.config.id} serves only Praos proves (POST /v1/keys/${entry.config.id}/praos/prove); set policy.allow_raw_alpha to allow raw alpha`),
      alpha,
    );
  }
}

/** 403 POLICY_SLOT_OUT_OF_WINDOW unless `slot` is within the key's window around now. */
export async function checkSlotWindow(ctx: RequestContext, entry: KeyEntry, slot: bigint, alpha: Uint8Array): Promise<void> {
  const p = entry.config.policy;
  const w = slotInWindow(ctx.state.config.network, slot, p.pastSlots, p.futureSlots);
  if (!w.ok) {
    await refuse(
      ctx,
      entry,
      new ServiceError(403, C.POLICY_SLOT_OUT_OF_WINDOW, `slot ${slot} is outside the allowed window [${w.min}, ${w.max}] (current slot ${w.now} on ${ctx.state.config.network.name})`),
      alpha,
      { slot: slot.toString(), current_slot: w.now },
    );
  }
}

/** 429 RATE_LIMITED when the token's or the key's bucket is empty. */
export async function checkRateLimits(ctx: RequestContext, token: TokenConfig, entry: KeyEntry, alpha: Uint8Array): Promise<void> {
  const waitToken = ctx.rt.limiter.take(`token:${token.name}`, token.rateLimit);
  const waitKey = waitToken > 0 ? 0 : ctx.rt.limiter.take(`key:${entry.config.id}`, entry.config.policy.rateLimit);
  const wait = Math.max(waitToken, waitKey);
  if (wait > 0) {
    const which = waitToken > 0 ? `token "${token.name}"` : `key ${entry.config.id}`;
    await refuse(ctx, entry, new ServiceError(429, C.RATE_LIMITED, `rate limit of ${which} exceeded; retry in ${wait.toFixed(2)} s`, { 'retry-after': String(Math.max(1, Math.ceil(wait))) }), alpha, {
      limit: waitToken > 0 ? 'token' : 'key',
    });
  }
}
