/**
 * The KeyBackend both cloud backends are: envelopes in a private directory
 * ({@link EnvelopeStore}), seeds wrapped by a cloud key-encryption key through a
 * {@link SeedWrapper}, every cloud call rate-limited, retried and classified by a
 * {@link CloudCaller}, unwrapped seeds optionally kept in a {@link SeedCache}.
 *
 * Seeds exist in clear only in this process: after GenerateDataKey / before wrap (to
 * derive the public key), and after unwrap for one proof (or for the cache TTL). They
 * are zeroed right after use. Failed authentication and authorisation go to the audit
 * log through `reportAuthFailure`.
 */
import type { BackendHealth, BackendType, ImportSource, KeyBackend, KeyMetadata, KeyOptions, ProveResult } from '../backend.js';
import { type BackendContext, reportAuthFailure } from '../context.js';
import { createEnvelope, envelopePublicKey, envelopeToMetadata, type Envelope } from '../envelope.js';
import { EnvelopeStore } from '../envelopeStore.js';
import { CustodyError, CustodyErrorCode } from '../errors.js';
import { assertKeyId } from '../keyId.js';
import { assertSeedMatches, proveWithSeed, publicKeyOfSeed, randomSeed } from '../seedKeys.js';
import { seedFromImportSource } from '../skeyImport.js';
import { isSuite, type Suite } from '../../vrf/suite.js';
import type { CloudCaller } from './caller.js';
import { CloudError, CloudErrorCode } from './errors.js';
import { healthReport } from './health.js';
import { SeedCache } from './seedCache.js';
import type { SeedWrapper } from './seedWrapper.js';

/** Parts of a {@link CloudEnvelopeBackend}. */
export interface CloudEnvelopeBackendParts {
  type: BackendType;
  store: EnvelopeStore;
  wrapper: SeedWrapper;
  caller: CloudCaller;
  cache: SeedCache;
  ctx: BackendContext;
  /** Deadline of a health probe, milliseconds (shorter than a prove's). */
  probeDeadlineMs: number;
}

const SEED_BYTES = 32;

/**
 * Cache slot of an envelope: key id and public key, so a key deleted and re-created
 * under the same id (by another process) never meets the old seed.
 */
function cacheKey(env: Envelope): string {
  return `${env.key_id}/${env.public_key}`;
}

/** A cloud envelope backend; see the module comment. */
export class CloudEnvelopeBackend implements KeyBackend {
  readonly type: BackendType;
  private readonly p: CloudEnvelopeBackendParts;
  private readonly inflight = new Map<string, Promise<void>>();
  private closed = false;

  constructor(parts: CloudEnvelopeBackendParts) {
    this.p = parts;
    this.type = parts.type;
  }

  /** The seed cache (hits, misses, size), for metrics and tests. */
  get seedCache(): SeedCache {
    return this.p.cache;
  }

  /** The caller (attempt count, last error), for metrics and tests. */
  get caller(): CloudCaller {
    return this.p.caller;
  }

  private open(): void {
    if (this.closed) throw new CustodyError(CustodyErrorCode.BACKEND_UNAVAILABLE, `${this.type} backend is closed`);
  }

  private async cloud<T>(op: string, fn: (signal: AbortSignal) => Promise<T>, retry?: { deadlineMs: number }): Promise<T> {
    try {
      return await this.p.caller.call(op, fn, retry);
    } catch (err) {
      if (err instanceof CloudError && (err.code === CloudErrorCode.AUTH_FAILED || err.code === CloudErrorCode.FORBIDDEN)) {
        await reportAuthFailure(this.p.ctx, err.code, { backend: this.type, op });
      }
      throw err;
    }
  }

  private suiteOf(opts: KeyOptions | undefined): Suite {
    const suite = opts?.suite ?? 'draft03';
    if (!isSuite(suite)) throw new CustodyError(CustodyErrorCode.BAD_SUITE, 'suite must be draft03 or draft13');
    return suite;
  }

  private async refuseTaken(keyId: string): Promise<void> {
    if (await this.p.store.has(keyId)) {
      throw new CustodyError(CustodyErrorCode.KEY_EXISTS, `a key with id "${keyId}" already exists`);
    }
  }

  private async store(keyId: string, suite: Suite, seed: Uint8Array, wrapped: { kek: Envelope['kek']; wrapped: Uint8Array; context?: Record<string, string> }, opts: KeyOptions | undefined): Promise<KeyMetadata> {
    const envelope = createEnvelope({
      keyId,
      suite,
      publicKey: publicKeyOfSeed(seed),
      kek: wrapped.kek,
      wrapped: wrapped.wrapped,
      ...(wrapped.context ? { context: wrapped.context } : {}),
      createdAt: this.p.ctx.clock(),
      ...(opts?.tags ? { tags: opts.tags } : {}),
      ...(opts?.deletionProtection !== undefined ? { deletionProtection: opts.deletionProtection } : {}),
    });
    // Check unwrap before the key exists: a wrap that cannot be undone (a role with wrap
    // but not unwrap, a wrong key type) must not leave a key that can never prove.
    const check = await this.unwrapChecked(envelope);
    check.fill(0);
    await this.p.store.write(envelope);
    return envelopeToMetadata(envelope);
  }

  /**
   * Generates a seed (cloud generator or local CSPRNG), wraps it, unwraps it once as a
   * check, and stores the envelope.
   */
  async generateKey(keyId: string, opts?: KeyOptions): Promise<KeyMetadata> {
    this.open();
    assertKeyId(keyId);
    const suite = this.suiteOf(opts);
    await this.refuseTaken(keyId);
    const wrapper = this.p.wrapper;
    if (wrapper.generate) {
      const g = await this.cloud('generate', (signal) => wrapper.generate!(keyId, suite, signal));
      try {
        if (g.seed.length !== SEED_BYTES) {
          throw new CloudError(CloudErrorCode.BAD_RESPONSE, `the cloud returned a ${g.seed.length}-byte data key, expected ${SEED_BYTES}`);
        }
        return await this.store(keyId, suite, g.seed, g, opts);
      } finally {
        g.seed.fill(0);
      }
    }
    const seed = randomSeed();
    try {
      const w = await this.cloud('wrap', (signal) => wrapper.wrap(keyId, suite, seed, signal));
      return await this.store(keyId, suite, seed, w, opts);
    } finally {
      seed.fill(0);
    }
  }

  /** Wraps an existing seed (raw 32 bytes or a cardano-cli vrf.skey file), checks the unwrap, stores it. */
  async importKey(keyId: string, source: ImportSource, opts?: KeyOptions): Promise<KeyMetadata> {
    this.open();
    assertKeyId(keyId);
    const suite = this.suiteOf(opts);
    await this.refuseTaken(keyId);
    const seed = await seedFromImportSource(source);
    try {
      const w = await this.cloud('wrap', (signal) => this.p.wrapper.wrap(keyId, suite, seed, signal));
      return await this.store(keyId, suite, seed, w, opts);
    } finally {
      seed.fill(0);
    }
  }

  private async envelope(keyId: string): Promise<Envelope> {
    assertKeyId(keyId);
    const env = await this.p.store.read(keyId);
    if (env.kek.backend !== this.type) {
      throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `key "${keyId}" was wrapped by backend ${env.kek.backend}, not ${this.type}`);
    }
    return env;
  }

  /** The key's metadata from its envelope (no cloud call). */
  async getKey(keyId: string): Promise<KeyMetadata> {
    this.open();
    return envelopeToMetadata(await this.envelope(keyId));
  }

  /** The key's 32-byte verification key from its envelope (no cloud call). */
  async publicKey(keyId: string): Promise<Uint8Array> {
    this.open();
    return envelopePublicKey(await this.envelope(keyId));
  }

  /** Every key of this backend in the directory, sorted by id (no cloud call). */
  async listKeys(): Promise<KeyMetadata[]> {
    this.open();
    const envelopes = await this.p.store.list();
    return envelopes.filter((e) => e.kek.backend === this.type).map(envelopeToMetadata);
  }

  /** Deletes the envelope (the cloud KEK stays: it wraps other keys) and zeroes any cached seed. */
  async deleteKey(keyId: string, opts: { confirm: boolean }): Promise<void> {
    this.open();
    const env = await this.envelope(keyId);
    if (opts?.confirm !== true) {
      throw new CustodyError(CustodyErrorCode.CONFIRMATION_REQUIRED, `deleting key "${keyId}" needs explicit confirmation`);
    }
    if (env.metadata.deletion_protection) {
      throw new CustodyError(CustodyErrorCode.KEY_DELETION_PROTECTED, `key "${keyId}" is protected against deletion`);
    }
    this.p.cache.delete(cacheKey(env));
    await this.p.store.remove(keyId);
  }

  /**
   * Unwraps the envelope's seed and checks it against the stored public key
   * (KEY_CORRUPT). Returns a plain copy the caller zeroes; the SDK's buffer is zeroed.
   */
  private async unwrapChecked(env: Envelope): Promise<Uint8Array> {
    const raw = await this.cloud('unwrap', (signal) => this.p.wrapper.unwrap(env, signal));
    // Own a plain copy (SDK results may be Buffer views into shared memory), zero theirs.
    const seed = new Uint8Array(raw);
    raw.fill(0);
    try {
      if (seed.length !== SEED_BYTES) {
        throw new CloudError(CloudErrorCode.BAD_RESPONSE, `the cloud unwrapped ${seed.length} bytes, expected a ${SEED_BYTES}-byte seed`);
      }
      assertSeedMatches(seed, envelopePublicKey(env), env.key_id);
      return seed;
    } catch (err) {
      seed.fill(0);
      throw err;
    }
  }

  /**
   * With the cache on: one unwrap per slot at a time. The first caller unwraps and fills
   * the cache; concurrent callers wait for it and read the cache (a failed leader lets
   * each of them try on its own).
   */
  private async cachedSeed(env: Envelope, slot: string): Promise<Uint8Array> {
    const pending = this.inflight.get(slot);
    if (pending) {
      await pending.catch(() => undefined);
      const hit = this.p.cache.get(slot);
      if (hit) return hit;
    }
    const leader = this.unwrapChecked(env).then((seed) => {
      this.p.cache.put(slot, new Uint8Array(seed));
      return seed;
    });
    const shared = leader.then(() => undefined);
    this.inflight.set(slot, shared);
    try {
      return await leader;
    } finally {
      if (this.inflight.get(slot) === shared) this.inflight.delete(slot);
    }
  }

  /**
   * Proves `alpha`: the seed comes from the cache or is unwrapped by the cloud, is checked
   * against the stored public key (KEY_CORRUPT), used, and zeroed. With the seed cache
   * on, concurrent proofs of one key share a single unwrap.
   */
  async prove(keyId: string, alpha: Uint8Array, suite?: Suite): Promise<ProveResult> {
    this.open();
    if (!(alpha instanceof Uint8Array)) throw new CustodyError(CustodyErrorCode.BAD_INPUT, 'alpha must be a Uint8Array');
    if (suite !== undefined && !isSuite(suite)) throw new CustodyError(CustodyErrorCode.BAD_SUITE, 'suite must be draft03 or draft13');
    const env = await this.envelope(keyId);
    const slot = cacheKey(env);
    const seed = this.p.cache.enabled ? (this.p.cache.get(slot) ?? (await this.cachedSeed(env, slot))) : await this.unwrapChecked(env);
    try {
      return proveWithSeed(seed, alpha, suite ?? env.suite);
    } finally {
      seed.fill(0);
    }
  }

  /** Probes the key-encryption key with a short deadline; never throws. */
  async health(): Promise<BackendHealth> {
    const start = performance.now();
    if (this.closed) {
      return { backend: this.type, healthy: false, code: CustodyErrorCode.BACKEND_UNAVAILABLE, message: 'backend is closed' };
    }
    try {
      await this.cloud('probe', (signal) => this.p.wrapper.probe(signal), { deadlineMs: this.p.probeDeadlineMs });
      return healthReport(this.type, performance.now() - start);
    } catch (err) {
      return healthReport(this.type, performance.now() - start, err);
    }
  }

  /** Zeroes every cached seed and releases the SDK client. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.p.cache.clear();
    await this.p.wrapper.close();
  }
}
