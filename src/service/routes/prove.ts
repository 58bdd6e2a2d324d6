/**
 * `POST /v1/keys/{id}/prove` (body `{ "alpha": hex }`, answers `{ proof, output }`) and
 * `POST /v1/keys/{id}/praos/prove` (body `{ "slot", "epoch_nonce" }`, answers
 * `{ proof, output, leader_value, nonce_vrf_output }`; the alpha is Praos' mkInputVRF,
 * leader value and nonce output are blake2b-256 of "L"/"N" ‖ output).
 */
import { praosInput, praosLeaderHash, praosNonceOutput } from '../../cardano/inputs.js';
import { hexField, parseJsonObject, readBody, slotField } from '../http/body.js';
import { sendJson } from '../http/respond.js';
import { ServiceError, ServiceErrorCode as C } from '../errors.js';
import type { KeyEntry } from '../keyring.js';
import { checkKeyAllowed, checkRateLimits, checkRawAlpha, checkSlotWindow } from '../policy.js';
import { proveWithFailover } from '../prove.js';
import type { RequestContext } from './context.js';

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** The key named in the path, or 404 KEY_NOT_FOUND. */
export function findKey(ctx: RequestContext, id: string): KeyEntry {
  ctx.keyId = id.slice(0, 64);
  const entry = ctx.state.keys.get(id);
  if (!entry) throw new ServiceError(404, C.KEY_NOT_FOUND, `no key ${JSON.stringify(id.slice(0, 64))} is served here`);
  return entry;
}

async function prove(ctx: RequestContext, entry: KeyEntry, alpha: Uint8Array) {
  const token = ctx.token!;
  await checkRateLimits(ctx, token, entry, alpha);
  return proveWithFailover(entry, alpha, {
    metrics: ctx.rt.metrics,
    timeoutMs: ctx.state.config.limits.backendTimeoutMs,
    verifyProofs: ctx.state.config.verifyProofs,
    actor: token.name,
  });
}

/** `POST /v1/keys/{id}/prove`. */
export async function proveRaw(ctx: RequestContext, params: Record<string, string>): Promise<void> {
  const entry = findKey(ctx, params.id);
  await checkKeyAllowed(ctx, ctx.token!, entry);
  const body = parseJsonObject(await readBody(ctx.req, ctx.state.config.limits.maxBodyBytes), ctx.req.headers['content-type'], ['alpha']);
  const alpha = hexField(body, 'alpha');
  await checkRawAlpha(ctx, entry, alpha);
  const r = await prove(ctx, entry, alpha);
  sendJson(ctx.res, 200, { key_id: entry.config.id, suite: r.suite, proof: hex(r.proof), output: hex(r.output) });
}

/** `POST /v1/keys/{id}/praos/prove`. */
export async function provePraos(ctx: RequestContext, params: Record<string, string>): Promise<void> {
  const entry = findKey(ctx, params.id);
  await checkKeyAllowed(ctx, ctx.token!, entry);
  const body = parseJsonObject(await readBody(ctx.req, ctx.state.config.limits.maxBodyBytes), ctx.req.headers['content-type'], ['slot', 'epoch_nonce']);
  const slot = slotField(body, 'slot');
  const nonce = hexField(body, 'epoch_nonce', 32);
  const alpha = praosInput(slot, nonce);
  await checkSlotWindow(ctx, entry, slot, alpha);
  const r = await prove(ctx, entry, alpha);
  sendJson(ctx.res, 200, {
    key_id: entry.config.id,
    suite: r.suite,
    slot: Number(slot) <= Number.MAX_SAFE_INTEGER ? Number(slot) : slot.toString(),
    alpha: hex(alpha),
    proof: hex(r.proof),
    output: hex(r.output),
    leader_value: hex(praosLeaderHash(r.output)),
    nonce_vrf_output: hex(praosNonceOutput(r.output)),
  });
}
