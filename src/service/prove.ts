/**
 * Proving with failover. The key's primary backend is tried first, then its standby;
 * a backend known to be down is skipped without a call, so an outage fails fast with
 * 503 BACKEND_UNAVAILABLE. Every proof is checked against the cached public key
 * (unless `verify_proofs` is false), so a backend holding the wrong key or returning
 * a faulty proof is caught and the next backend is tried.
 */
import type { KeyBackend } from '../custody/backend.js';
import { vrfFor } from '../vrf/index.js';
import type { BackendSlot } from './backend-pool.js';
import { errorCode, isAvailabilityError } from './backend-pool.js';
import { ServiceError, ServiceErrorCode } from './errors.js';
import { loadKey, type KeyEntry } from './keyring.js';
import type { ServiceMetrics } from './metrics/metrics.js';
import { withTimeout } from './timeout.js';

/** What a prove returns to the route. */
export interface ServedProof {
  proof: Uint8Array;
  output: Uint8Array;
  /** Name of the backend that produced it. */
  backend: string;
  suite: string;
}

/** Options of {@link proveWithFailover}. */
export interface ProveOptions {
  metrics: ServiceMetrics;
  timeoutMs: number;
  verifyProofs: boolean;
  /** Recorded as the actor of the backend's audit record (the token's name). */
  actor?: string;
}

/** The backend as seen by `actor`: audited backends record the actor, others are used as is. */
function asActor(backend: KeyBackend, actor: string | undefined): KeyBackend {
  const b = backend as KeyBackend & { withActor?: (a: string) => KeyBackend };
  return actor && typeof b.withActor === 'function' ? b.withActor(actor) : backend;
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** Proves `alpha` with the key, failing over from primary to standby. Throws ServiceError. */
export async function proveWithFailover(entry: KeyEntry, alpha: Uint8Array, opts: ProveOptions): Promise<ServedProof> {
  const { metrics } = opts;
  if (!entry.meta) await loadKey(entry, opts.timeoutMs);
  const meta = entry.meta;
  if (!meta) {
    metrics.proveFailed({ keyId: entry.config.id, backend: entry.primary.name, suite: 'unknown' }, ServiceErrorCode.BACKEND_UNAVAILABLE);
    throw new ServiceError(503, ServiceErrorCode.BACKEND_UNAVAILABLE, `key ${entry.config.id} is not available: ${entry.problem?.code ?? 'no backend answered'}`, { 'retry-after': '1' });
  }
  const suite = meta.suite;
  const candidates: { slot: BackendSlot; role: 'primary' | 'standby' }[] = [{ slot: entry.primary, role: 'primary' }];
  if (entry.standby && !entry.standbyRefused) candidates.push({ slot: entry.standby, role: 'standby' });
  const failures: string[] = [];
  let lastTried: BackendSlot | null = null;
  for (const { slot, role } of candidates) {
    const labels = { keyId: entry.config.id, backend: slot.name, suite };
    if (!slot.healthy || !slot.backend) {
      failures.push(`${slot.name}: ${slot.last.code ?? 'down'}`);
      continue;
    }
    lastTried = slot;
    let release: () => void;
    try {
      release = await slot.gate.acquire(`backend ${slot.name}`);
    } catch (err) {
      // Busy is not down: the backend keeps its health; the next backend may have room.
      metrics.proveFailed(labels, errorCode(err));
      failures.push(`${slot.name}: ${errorCode(err)}`);
      continue;
    }
    const t0 = process.hrtime.bigint();
    let proof: Uint8Array;
    let output: Uint8Array;
    try {
      const backend = slot.backend;
      if (!backend || !slot.healthy) throw new ServiceError(503, ServiceErrorCode.BACKEND_UNAVAILABLE, `backend ${slot.name} went down while waiting`);
      ({ proof, output } = await withTimeout(asActor(backend, opts.actor).prove(entry.config.id, alpha), opts.timeoutMs, `backend ${slot.name}`));
    } catch (err) {
      const code = errorCode(err);
      metrics.proveFailed(labels, code);
      if (isAvailabilityError(err) && slot.healthy) slot.markDown(err);
      failures.push(`${slot.name}: ${code}`);
      continue;
    } finally {
      release();
      slot.reportSeedCache();
    }
    const proveSeconds = seconds(t0);
    if (opts.verifyProofs) {
      const t1 = process.hrtime.bigint();
      const checked = vrfFor(suite).verify(meta.publicKey, proof, alpha);
      const ok = checked !== null && checked.length === output.length && checked.every((b, i) => b === output[i]);
      if (!ok) {
        metrics.verifyFailed(labels, ServiceErrorCode.PROOF_MISMATCH);
        metrics.proveFailed(labels, ServiceErrorCode.PROOF_MISMATCH);
        // A backend that returns proofs not matching its key is faulty: out of service
        // until a healthy probe.
        slot.markDown(new ServiceError(503, ServiceErrorCode.PROOF_MISMATCH, `backend ${slot.name} returned a proof that does not verify under key ${entry.config.id}`));
        failures.push(`${slot.name}: ${ServiceErrorCode.PROOF_MISMATCH}`);
        continue;
      }
      metrics.verifyDone(labels, seconds(t1));
    }
    metrics.proveDone(labels, proveSeconds);
    metrics.backendActive(entry.config.id, slot.name, role);
    if (role === 'standby') metrics.failover(entry.config.id, entry.primary.name, slot.name);
    return { proof, output, backend: slot.name, suite };
  }
  const allBusy = failures.length > 0 && failures.every((f) => f.endsWith(ServiceErrorCode.BACKEND_BUSY));
  if (!allBusy) metrics.backendActive(entry.config.id, entry.primary.name, 'none');
  if (!lastTried) metrics.proveFailed({ keyId: entry.config.id, backend: entry.primary.name, suite }, ServiceErrorCode.BACKEND_UNAVAILABLE);
  throw new ServiceError(503, allBusy ? ServiceErrorCode.BACKEND_BUSY : ServiceErrorCode.BACKEND_UNAVAILABLE, `no backend could prove with key ${entry.config.id} (${failures.join('; ')})`, { 'retry-after': '1' });
}
