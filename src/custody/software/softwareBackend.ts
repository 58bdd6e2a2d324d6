/**
 * The software keystore (development and CI): one envelope file per key in a private
 * directory ({@link EnvelopeStore}: 0700/0600, atomic writes, permission refusals).
 *
 * Without a passphrase the envelope holds the seed in clear (`kek.mechanism` "none").
 * With one (env var or file), the seed is sealed with scrypt → AES-256-GCM
 * (`kek.id` "passphrase", `kek.mechanism` "scrypt-aes-256-gcm"), the key id, suite and
 * public key bound as associated data. Keys of both kinds can live in one store;
 * reading a sealed key without a passphrase gives PASSPHRASE_REQUIRED.
 *
 * With `seed_cache_ttl_seconds` > 0, unsealed seeds of passphrase-sealed keys are kept
 * (SeedCache: zeroed on expiry, delete and close) so that a proof does not cost one
 * scrypt; the cache entry is tied to the exact sealed fields (id, suite, public key, wrapped bytes), so a replaced key never
 * proves with a stale seed, and the envelope is still read for every proof.
 */
import type { BackendHealth } from '../backend.js';
import type { SoftwareConfig } from '../config.js';
import type { BackendContext } from '../context.js';
import { reportAuthFailure } from '../context.js';
import { envelopeWrappedBytes, type Envelope } from '../envelope.js';
import { EnvelopeBackendBase, seedMatchingEnvelope, type SealedSeed } from '../envelopeBackendBase.js';
import { EnvelopeStore } from '../envelopeStore.js';
import { CustodyError, CustodyErrorCode, hasCode } from '../errors.js';
import type { Suite } from '../../vrf/suite.js';
import { readPassphrase } from './passphrase.js';
import { DEFAULT_SCRYPT_LOG_N, openBox, sealBox } from './sealedBox.js';
import { SeedCache } from '../cloud/seedCache.js';

/** `kek.mechanism` of a clear (unencrypted) software key. */
export const MECH_NONE = 'none';
/** `kek.mechanism` of a passphrase-sealed software key. */
export const MECH_SCRYPT_GCM = 'scrypt-aes-256-gcm';

/** Associated data binding a sealed seed to its envelope. */
export function softwareAad(keyId: string, suite: Suite, publicKeyHex: string): Uint8Array {
  return new Uint8Array(Buffer.from(`cardano-vrf/software-key/v1\n${keyId}\n${suite}\n${publicKeyHex}`, 'utf8'));
}

/** The software keystore backend; see the module comment. */
export class SoftwareBackend extends EnvelopeBackendBase {
  readonly type = 'software' as const;
  readonly store: EnvelopeStore;
  private passphrase: Uint8Array | null;
  private readonly logN: number;
  private readonly cache: SeedCache;

  private constructor(
    config: SoftwareConfig,
    protected readonly ctx: BackendContext,
    store: EnvelopeStore,
    passphrase: Uint8Array | null,
  ) {
    super();
    this.store = store;
    this.passphrase = passphrase;
    this.logN = config.scrypt_log_n ?? DEFAULT_SCRYPT_LOG_N;
    this.cache = new SeedCache({ ttlMs: (config.seed_cache_ttl_seconds ?? 0) * 1000 });
  }

  /** Seed-cache hits, misses and size (sealed keys only; all zero when the cache is off). */
  cacheStats(): { hits: number; misses: number; size: number } {
    return this.cache.stats();
  }

  private cacheKey(env: Envelope): string {
    return `${env.key_id}\n${env.suite}\n${env.public_key}\n${env.wrapped}`;
  }

  /** Opens the keystore directory (created 0700) and reads the passphrase if one is configured. */
  static async open(config: SoftwareConfig, ctx: BackendContext): Promise<SoftwareBackend> {
    const store = await new EnvelopeStore(config.keystore_dir).open();
    const passphrase = await readPassphrase(config, ctx.env);
    return new SoftwareBackend(config, ctx, store, passphrase);
  }

  /** Seals `seed` under the passphrase, or keeps a clear copy without one. */
  protected override async sealSeed(keyId: string, suite: Suite, seed: Uint8Array, publicKey: Uint8Array): Promise<SealedSeed> {
    if (!this.passphrase) return { kek: { backend: 'software', id: 'plaintext', mechanism: MECH_NONE }, wrapped: Uint8Array.from(seed) };
    const pkHex = Buffer.from(publicKey).toString('hex');
    return { kek: { backend: 'software', id: 'passphrase', mechanism: MECH_SCRYPT_GCM }, wrapped: sealBox(seed, this.passphrase, softwareAad(keyId, suite, pkHex), this.logN) };
  }

  /**
   * The seed of an envelope (fresh copy, caller zeroes), checked against the public key
   * unless `check` is false (prove checks it itself while deriving the key pair).
   */
  private async unseal(env: Envelope, check = true): Promise<Uint8Array> {
    const wrapped = envelopeWrappedBytes(env);
    let seed: Uint8Array;
    try {
      if (env.kek.backend !== 'software') {
        throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `key "${env.key_id}" belongs to backend ${env.kek.backend}, not the software keystore`);
      }
      if (env.kek.mechanism === MECH_NONE) {
        if (wrapped.length !== 32) throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `key "${env.key_id}": clear seed must be 32 bytes`);
        seed = Uint8Array.from(wrapped);
      } else if (env.kek.mechanism === MECH_SCRYPT_GCM) {
        if (!this.passphrase) {
          throw new CustodyError(CustodyErrorCode.PASSPHRASE_REQUIRED, `key "${env.key_id}" is encrypted; configure passphrase_env or passphrase_file (or set CARDANO_VRF_PASSPHRASE)`);
        }
        try {
          seed = openBox(wrapped, this.passphrase, softwareAad(env.key_id, env.suite, env.public_key));
        } catch (err) {
          if (hasCode(err, CustodyErrorCode.PASSPHRASE_INCORRECT)) {
            await reportAuthFailure(this.ctx, CustodyErrorCode.PASSPHRASE_INCORRECT, { key_id: env.key_id });
          }
          throw err;
        }
        if (seed.length !== 32) {
          seed.fill(0);
          throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `key "${env.key_id}": sealed seed must be 32 bytes`);
        }
      } else {
        throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `key "${env.key_id}": unknown mechanism ${JSON.stringify(env.kek.mechanism)}`);
      }
    } finally {
      wrapped.fill(0);
    }
    return check ? seedMatchingEnvelope(seed, env) : seed;
  }

  /**
   * Sealed keys with the cache on: from the cache, or unsealed, checked and cached.
   * Otherwise unsealed unchecked (the proof checks the seed while deriving the key pair).
   */
  protected override async seedFor(env: Envelope): Promise<Uint8Array> {
    if (!(this.cache.enabled && env.kek.mechanism === MECH_SCRYPT_GCM)) return this.unseal(env, false);
    const cached = this.cache.get(this.cacheKey(env));
    if (cached) return cached;
    const seed = await this.unseal(env);
    this.cache.put(this.cacheKey(env), Uint8Array.from(seed));
    return seed;
  }

  /** Zeroes the deleted key's cached seed. */
  protected override forgetSeed(env: Envelope): void {
    this.cache.delete(this.cacheKey(env));
  }

  /**
   * Unseals a key and checks that its seed derives its public key (for `keys verify`);
   * throws the key's coded error (KEY_CORRUPT, PASSPHRASE_INCORRECT, ENVELOPE_INVALID...).
   */
  async checkKey(keyId: string): Promise<void> {
    const seed = await this.unseal(await this.store.read(keyId));
    seed.fill(0);
  }

  override async health(): Promise<BackendHealth> {
    const t0 = performance.now();
    try {
      await this.store.open();
      await this.store.ids();
      return { backend: 'software', healthy: true, latencyMs: performance.now() - t0 };
    } catch (err) {
      const code = err instanceof CustodyError ? err.code : 'STORAGE_ERROR';
      return { backend: 'software', healthy: false, code, message: err instanceof Error ? err.message : 'error', latencyMs: performance.now() - t0 };
    }
  }

  override async close(): Promise<void> {
    this.cache.clear();
    this.passphrase?.fill(0);
    this.passphrase = null;
  }
}
