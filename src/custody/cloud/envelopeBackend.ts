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
import type { BackendHealth, BackendType, KeyOptions } from '../backend.js';
import { type BackendContext, reportAuthFailure } from '../context.js';
import type { Envelope } from '../envelope.js';
import { checkAlpha, checkProveSuite, EnvelopeBackendBase, seedMatchingEnvelope, type MadeSeed, type NewKeyMetadata, type SealedSeed } from '../envelopeBackendBase.js';
import type { EnvelopeStore } from '../envelopeStore.js';
import { CustodyError, CustodyErrorCode } from '../errors.js';
import { assertKeyId } from '../keyId.js';
import { randomSeed } from '../seedKeys.js';
import type { Suite } from '../../vrf/suite.js';
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
export class CloudEnvelopeBackend extends EnvelopeBackendBase {
  readonly type: BackendType;
  protected readonly store: EnvelopeStore;
  protected readonly ctx: BackendContext;
  private readonly p: CloudEnvelopeBackendParts;
  private readonly inflight = new Map<string, Promise<void>>();
  private closed = false;

  constructor(parts: CloudEnvelopeBackendParts) {
    super();
    this.p = parts;
    this.type = parts.type;
    this.store = parts.store;
    this.ctx = parts.ctx;
  }

  /** The seed cache (hits, misses, size), for metrics and tests. */
  get seedCache(): SeedCache {
    return this.p.cache;
  }

  /** The caller (attempt count, last error), for metrics and tests. */
  get caller(): CloudCaller {
    return this.p.caller;
  }

  /** BACKEND_UNAVAILABLE once closed. */
  protected override assertUsable(): void {
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

  /** Tags and deletion protection as given: the envelope refuses bad ones (ENVELOPE_INVALID). */
  protected override metadataOf(opts?: KeyOptions): NewKeyMetadata {
    return {
      ...(opts?.tags ? { tags: opts.tags } : {}),
      ...(opts?.deletionProtection !== undefined ? { deletionProtection: opts.deletionProtection } : {}),
    };
  }

  /** A seed from the cloud generator (plaintext and wrapped form) when it has one, else the local CSPRNG. */
  protected override async makeSeed(keyId: string, suite: Suite): Promise<MadeSeed> {
    const wrapper = this.p.wrapper;
    if (!wrapper.generate) return { seed: randomSeed() };
    const g = await this.cloud('generate', (signal) => wrapper.generate!(keyId, suite, signal));
    if (g.seed.length !== SEED_BYTES) {
      g.seed.fill(0);
      throw new CloudError(CloudErrorCode.BAD_RESPONSE, `the cloud returned a ${g.seed.length}-byte data key, expected ${SEED_BYTES}`);
    }
    return { seed: g.seed, sealed: { kek: g.kek, wrapped: g.wrapped, ...(g.context ? { context: g.context } : {}) } };
  }

  /** Wraps `seed` with the cloud key-encryption key. */
  protected override sealSeed(keyId: string, suite: Suite, seed: Uint8Array): Promise<SealedSeed> {
    return this.cloud('wrap', (signal) => this.p.wrapper.wrap(keyId, suite, seed, signal));
  }

  /**
   * Checks the unwrap before the key exists: a wrap that cannot be undone (a role with
   * wrap but not unwrap, a wrong key type) must not leave a key that can never prove.
   */
  protected override async beforeWrite(env: Envelope): Promise<void> {
    const check = await this.unwrapChecked(env);
    check.fill(0);
  }

  /** Reads the envelope and refuses one wrapped by another backend (ENVELOPE_INVALID). */
  protected override async envelope(keyId: string): Promise<Envelope> {
    assertKeyId(keyId);
    const env = await this.store.read(keyId);
    if (env.kek.backend !== this.type) {
      throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `key "${keyId}" was wrapped by backend ${env.kek.backend}, not ${this.type}`);
    }
    return env;
  }

  /** Only this backend's keys are listed. */
  protected override lists(env: Envelope): boolean {
    return env.kek.backend === this.type;
  }

  /** Alpha, then suite; the id is checked when the envelope is read. */
  protected override checkProveInput(_keyId: string, alpha: Uint8Array, suite: Suite | undefined): void {
    checkAlpha(alpha);
    checkProveSuite(suite);
  }

  /** Deletes the envelope (the cloud KEK stays: it wraps other keys) and zeroes any cached seed. */
  override async deleteKey(keyId: string, opts: { confirm: boolean }): Promise<void> {
    this.assertUsable();
    const env = await this.envelope(keyId);
    if (opts?.confirm !== true) {
      throw new CustodyError(CustodyErrorCode.CONFIRMATION_REQUIRED, `deleting key "${keyId}" needs explicit confirmation`);
    }
    if (env.metadata.deletion_protection) {
      throw new CustodyError(CustodyErrorCode.KEY_DELETION_PROTECTED, `key "${keyId}" is protected against deletion`);
    }
    this.forgetSeed(env);
    await this.store.remove(keyId);
  }

  /** Zeroes the deleted key's cached seed. */
  protected override forgetSeed(env: Envelope): void {
    this.p.cache.delete(cacheKey(env));
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
    if (seed.length !== SEED_BYTES) {
      seed.fill(0);
      throw new CloudError(CloudErrorCode.BAD_RESPONSE, `the cloud unwrapped ${seed.length} bytes, expected a ${SEED_BYTES}-byte seed`);
    }
    return seedMatchingEnvelope(seed, env);
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
   * The seed from the cache or unwrapped by the cloud (checked against the stored public
   * key, KEY_CORRUPT). With the seed cache on, concurrent proofs of one key share a
   * single unwrap.
   */
  protected override async seedFor(env: Envelope): Promise<Uint8Array> {
    if (!this.p.cache.enabled) return this.unwrapChecked(env);
    const slot = cacheKey(env);
    return this.p.cache.get(slot) ?? (await this.cachedSeed(env, slot));
  }

  /** Probes the key-encryption key with a short deadline; never throws. */
  override async health(): Promise<BackendHealth> {
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
  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.p.cache.clear();
    await this.p.wrapper.close();
  }
}
