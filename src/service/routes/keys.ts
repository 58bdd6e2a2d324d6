/** `GET /v1/keys` and `GET /v1/keys/{id}`: ids, suites and public keys, from the service's cache. */
import { ServiceError, ServiceErrorCode } from '../errors.js';
import { sendJson } from '../http/respond.js';
import { keyJson, servingBackend, type KeyEntry } from '../keyring.js';
import type { RequestContext } from './context.js';
import { findKey } from './prove.js';

function visible(ctx: RequestContext, id: string): boolean {
  return !ctx.token?.keys || ctx.token.keys.includes(id);
}

/** `GET /v1/keys`: every key the token may use. */
export async function listKeys(ctx: RequestContext): Promise<void> {
  const keys = [...ctx.state.keys.values()].filter((k) => visible(ctx, k.config.id)).sort((a, b) => (a.config.id < b.config.id ? -1 : 1));
  for (const k of keys) if (k.meta) ctx.rt.metrics.publicKeyCacheHit(k.config.id);
  sendJson(ctx.res, 200, { keys: keys.map((k) => keyJson(k, activeBackend(k))) });
}

/** `GET /v1/keys/{id}`. */
export async function getKey(ctx: RequestContext, params: Record<string, string>): Promise<void> {
  const entry = findKey(ctx, params.id);
  if (!visible(ctx, entry.config.id)) {
    // Same answer as an unknown key: a token does not learn which other keys exist.
    throw new ServiceError(404, ServiceErrorCode.KEY_NOT_FOUND, `no key ${JSON.stringify(params.id.slice(0, 64))} is served here`);
  }
  if (entry.meta) ctx.rt.metrics.publicKeyCacheHit(entry.config.id);
  sendJson(ctx.res, 200, keyJson(entry, activeBackend(entry)));
}

function activeBackend(k: KeyEntry): string | undefined {
  const a = servingBackend(k);
  return a.role === 'none' ? undefined : a.backend;
}
