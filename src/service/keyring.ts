/**
 * The keys the service offers, with their public keys cached. Each key names a
 * primary backend and optionally a standby holding the same key; at load the public
 * key is read from whichever answers, and a standby whose key differs from the
 * primary's is refused. A key whose backends are all down stays listed as unavailable
 * and is loaded again when a backend recovers. A reload reads every key again (a
 * rotated key is picked up); a key whose backends are down at reload keeps its cached data.
 */
import type { KeyMetadata } from '../custody/backend.js';
import type { Suite } from '../vrf/suite.js';
import type { KeyConfig } from './config.js';
import { BackendSlot, errorCode } from './backend-pool.js';
import { withTimeout } from './timeout.js';

/** A served key: its configuration and, once loaded, its public data. */
export interface KeyEntry {
  config: KeyConfig;
  primary: BackendSlot;
  standby?: BackendSlot;
  /** Cached metadata (public key, suite); undefined until a backend answered. */
  meta?: KeyMetadata;
  /** Why the key is not loaded (or why the standby was refused). */
  problem?: { code: string; message: string };
  /** True when the standby's public key differs from the primary's: it is never used. */
  standbyRefused: boolean;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Reads the key's metadata from its backends into the cache. Never throws. */
export async function loadKey(entry: KeyEntry, timeoutMs: number): Promise<void> {
  const read = async (slot: BackendSlot | undefined): Promise<KeyMetadata | { code: string; message: string } | null> => {
    if (!slot) return null;
    await slot.open();
    if (!slot.backend) return { code: slot.last.code ?? 'BACKEND_UNAVAILABLE', message: `backend ${slot.name} is not open` };
    try {
      return await withTimeout(slot.backend.getKey(entry.config.id), timeoutMs, `backend ${slot.name}`);
    } catch (err) {
      return { code: errorCode(err), message: `backend ${slot.name}: ${err instanceof Error ? err.message : 'failed'}` };
    }
  };
  const [p, s] = await Promise.all([read(entry.primary), read(entry.standby)]);
  const isMeta = (x: unknown): x is KeyMetadata => !!x && typeof x === 'object' && 'publicKey' in x;
  const pm = isMeta(p) ? p : undefined;
  const sm = isMeta(s) ? s : undefined;
  entry.standbyRefused = false;
  delete entry.problem;
  if (pm && sm && (!sameBytes(pm.publicKey, sm.publicKey) || pm.suite !== sm.suite)) {
    entry.standbyRefused = true;
    entry.problem = { code: 'STANDBY_KEY_MISMATCH', message: `standby backend ${entry.standby!.name} holds a different key under id ${entry.config.id}; it will not be used` };
  }
  if (pm || sm) {
    const m = pm ?? sm!;
    entry.meta = { ...m, publicKey: Uint8Array.from(m.publicKey) };
    return;
  }
  const why = (p && !isMeta(p) ? p : null) ?? (s && !isMeta(s) ? s : null) ?? { code: 'BACKEND_UNAVAILABLE', message: 'no backend answered' };
  if (!entry.meta) entry.problem = why;
}

/** Which backend would serve the key now, from the backends' health: primary, standby or none. */
export function servingBackend(entry: KeyEntry): { backend: string; role: 'primary' | 'standby' | 'none' } {
  if (entry.meta && entry.primary.healthy) return { backend: entry.primary.name, role: 'primary' };
  if (entry.meta && entry.standby && !entry.standbyRefused && entry.standby.healthy) return { backend: entry.standby.name, role: 'standby' };
  return { backend: entry.primary.name, role: 'none' };
}

/** The JSON form of a key for `GET /v1/keys`. */
export function keyJson(entry: KeyEntry, activeBackend: string | undefined): Record<string, unknown> {
  const m = entry.meta;
  const out: Record<string, unknown> = {
    key_id: entry.config.id,
    suite: (m?.suite ?? null) as Suite | null,
    public_key: m ? Buffer.from(m.publicKey).toString('hex') : null,
    available: !!m,
    backend: entry.config.backend,
    standby: entry.config.standby ?? null,
    active_backend: activeBackend ?? null,
    policy: {
      allow_raw_alpha: entry.config.policy.allowRawAlpha,
      past_slots: entry.config.policy.pastSlots,
      future_slots: entry.config.policy.futureSlots,
      rate_limit: entry.config.policy.rateLimit ? { per_second: entry.config.policy.rateLimit.perSecond, burst: entry.config.policy.rateLimit.burst } : null,
    },
  };
  if (m) {
    out.created_at = m.createdAt;
    out.tags = m.tags;
  }
  if (entry.problem) out.problem = entry.problem;
  return out;
}
