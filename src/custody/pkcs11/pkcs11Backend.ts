/**
 * The PKCS#11 key backend (also used, with other defaults, by the AWS CloudHSM profile).
 *
 * Envelope encryption: an AES-256 KEK is generated inside the token and never leaves it
 * (see kek.ts); each VRF seed comes from the token's C_GenerateRandom (or is imported),
 * is wrapped under the KEK (see wrap.ts) and stored in the shared envelope file
 * (EnvelopeStore) with `kek.id` = KEK label, `kek.mechanism` = the mechanism name and
 * `context` = { token_label, kek_cka_id }. To prove, the seed is unwrapped by the
 * token into process memory, checked against the stored public key, used and zeroed.
 *
 * Why envelope files rather than CKO_DATA token objects: one documented format shared by
 * every backend (backup/restore and `keys verify` treat them alike), token storage is
 * small and slow on many HSMs, the wrapped bytes are useless without the KEK anyway, and
 * listing keys needs no login. The token holds exactly one object of ours, the KEK.
 */
import type { BackendHealth, BackendType } from '../backend.js';
import { reportAuthFailure, type BackendContext } from '../context.js';
import { envelopeWrappedBytes, type Envelope } from '../envelope.js';
import { EnvelopeBackendBase, seedMatchingEnvelope, type MadeSeed, type SealedSeed } from '../envelopeBackendBase.js';
import { EnvelopeStore } from '../envelopeStore.js';
import { CustodyError, CustodyErrorCode } from '../errors.js';
import { assertKeyId } from '../keyId.js';
import { sameBytes } from '../seedKeys.js';
import type { Suite } from '../../vrf/suite.js';
import { SeedCache } from '../cloud/seedCache.js';
import { ckrName, ckrOf, Pkcs11BackendError, Pkcs11ErrorCode, RECONNECT_CODES } from './errors.js';
import { createKek, findKek, type KekRef } from './kek.js';
import { chooseMechanism, flagsSupport, isMechanismName, mechanism, MECHANISMS, type MechanismName, type WrapMechanism } from './mechanisms.js';
import { Pkcs11Token, type SessionHandle } from './token.js';
import { pkcs11Aad, unwrapSeed, wrapSeed } from './wrap.js';

/** Everything the backend needs, already resolved (PIN read, defaults applied). */
export interface Pkcs11BackendOptions {
  type: Extract<BackendType, 'pkcs11' | 'aws-cloudhsm'>;
  module: string;
  tokenLabel: string | null;
  /** User PIN bytes; the backend owns and zeroes them. */
  pin: Uint8Array;
  kekLabel: string;
  /** Mechanisms in preference order; the first the token offers wraps new seeds. */
  mechanisms: readonly MechanismName[];
  keystoreDir: string;
  maxSessions?: number;
  /** Keep unwrapped seeds in memory this long (ms); 0 or absent = unwrap for every prove. */
  seedCacheTtlMs?: number;
}

/** A {@link KeyBackend} over a PKCS#11 token; see the module comment. */
export class Pkcs11Backend extends EnvelopeBackendBase {
  readonly type: Extract<BackendType, 'pkcs11' | 'aws-cloudhsm'>;
  /** The token and its session pool (raw Cryptoki access through `token.module.lib`). */
  readonly token: Pkcs11Token;
  protected readonly store: EnvelopeStore;
  private readonly kekLabel: string;
  private readonly preferred: readonly MechanismName[];
  protected readonly ctx: BackendContext;
  /** CK_MECHANISM_INFO flags by mechanism type, from C_GetMechanismList at open. */
  private mechanismFlags = new Map<number, number>();
  private kekCreation: Promise<KekRef> | null = null;
  private readonly seeds: SeedCache;

  private constructor(opts: Pkcs11BackendOptions, ctx: BackendContext, token: Pkcs11Token, store: EnvelopeStore) {
    super();
    this.type = opts.type;
    this.token = token;
    this.store = store;
    this.kekLabel = opts.kekLabel;
    this.preferred = opts.mechanisms;
    this.ctx = ctx;
    this.seeds = new SeedCache({ ttlMs: opts.seedCacheTtlMs ?? 0 });
  }

  /**
   * Loads the module, finds the token, logs in, probes the mechanisms and opens the
   * envelope directory. Errors: PKCS11_MODULE_NOT_FOUND, PKCS11_TOKEN_NOT_FOUND,
   * PKCS11_PIN_INCORRECT (reported to the audit log), BACKEND_UNAVAILABLE,
   * INSECURE_PERMISSIONS. The PIN is zeroed on failure.
   */
  static async open(opts: Pkcs11BackendOptions, ctx: BackendContext): Promise<Pkcs11Backend> {
    let token: Pkcs11Token;
    try {
      token = new Pkcs11Token({
        module: opts.module,
        tokenLabel: opts.tokenLabel,
        pin: opts.pin,
        ...(opts.maxSessions !== undefined ? { maxSessions: opts.maxSessions } : {}),
        onLoginFailure: (code) => reportAuthFailure(ctx, code, { backend: opts.type, token: opts.tokenLabel ?? '(first)' }),
      });
    } catch (err) {
      opts.pin.fill(0);
      throw err;
    }
    try {
      const store = await new EnvelopeStore(opts.keystoreDir).open();
      const backend = new Pkcs11Backend(opts, ctx, token, store);
      await token.open();
      await backend.probeMechanisms();
      return backend;
    } catch (err) {
      await token.close();
      throw err;
    }
  }

  private async probeMechanisms(): Promise<void> {
    await this.token.run('C_GetMechanismList', () => {
      const lib = this.token.module.lib;
      const slot = this.token.slot();
      const known = new Set(Object.values(MECHANISMS).map((m) => m.type));
      const flags = new Map<number, number>();
      for (const type of lib.C_GetMechanismList(slot)) {
        const t = type >>> 0;
        if (known.has(t)) flags.set(t, lib.C_GetMechanismInfo(slot, type).flags);
      }
      this.mechanismFlags = flags;
    });
  }

  /** The mechanism new seeds are wrapped with: the first configured one the token offers. */
  selectedMechanism(): WrapMechanism {
    const m = chooseMechanism(this.preferred, (t) => this.mechanismFlags.get(t) ?? null);
    if (!m) {
      throw new Pkcs11BackendError(
        Pkcs11ErrorCode.MECHANISM_UNSUPPORTED,
        `the token offers none of the configured wrapping mechanisms (${this.preferred.join(', ')})`,
      );
    }
    return m;
  }

  private envelopeMechanism(env: Envelope): WrapMechanism {
    const name = env.kek.mechanism;
    if (!isMechanismName(name)) {
      throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `key "${env.key_id}": unknown wrapping mechanism ${JSON.stringify(name.slice(0, 60))}`);
    }
    const m = mechanism(name);
    const flags = this.mechanismFlags.get(m.type);
    if (flags === undefined || !flagsSupport(m, flags)) {
      throw new Pkcs11BackendError(Pkcs11ErrorCode.MECHANISM_UNSUPPORTED, `key "${env.key_id}" was wrapped with ${name}, which this token does not offer`);
    }
    return m;
  }

  /** Finds the configured KEK, creating it (once, even under concurrent calls) when absent. */
  private async ensureKek(session: SessionHandle, mech: WrapMechanism): Promise<KekRef> {
    const lib = this.token.module.lib;
    const existing = findKek(lib, session, this.kekLabel);
    if (existing) return existing;
    if (!this.kekCreation) {
      this.kekCreation = (async () => {
        const again = findKek(lib, session, this.kekLabel);
        return again ?? (await createKek(lib, session, this.kekLabel, mech));
      })();
      this.kekCreation.then(
        () => (this.kekCreation = null),
        () => (this.kekCreation = null),
      );
    }
    const made = await this.kekCreation;
    return findKek(lib, session, made.label, made.id) ?? made;
  }

  /** Wraps `seed` (not zeroed here) under the KEK and checks the token unwraps it to the same seed. */
  protected override async sealSeed(keyId: string, suite: Suite, seed: Uint8Array, publicKey: Uint8Array): Promise<SealedSeed> {
    const mech = this.selectedMechanism();
    const aad = pkcs11Aad(keyId, suite, Buffer.from(publicKey).toString('hex'));
    const { wrapped, kek } = await this.token.run('wrap seed', async (session) => {
      const lib = this.token.module.lib;
      const kek = await this.ensureKek(session, mech);
      const wrapped = await wrapSeed(lib, session, kek, mech, seed, aad);
      const check = await unwrapSeed(lib, session, kek, mech, wrapped, aad);
      const same = sameBytes(check, seed);
      check.fill(0);
      if (!same) {
        throw new Pkcs11BackendError(Pkcs11ErrorCode.UNWRAP_FAILED, `the token did not unwrap the freshly wrapped seed to the same bytes with ${mech.name}`);
      }
      return { wrapped, kek };
    });
    return {
      kek: { backend: this.type, id: kek.label, mechanism: mech.name },
      wrapped,
      context: { token_label: this.tokenLabelForContext(), kek_cka_id: kek.id },
    };
  }

  private tokenLabelForContext(): string {
    const lib = this.token.module.lib;
    try {
      return lib.C_GetTokenInfo(this.token.slot()).label.replace(/[\s\0]+$/, '') || '(unlabelled)';
    } catch {
      return '(unknown)';
    }
  }

  /** The seed of an envelope (fresh copy, caller zeroes), checked against its public key. */
  private async unseal(env: Envelope): Promise<Uint8Array> {
    if (env.kek.backend !== this.type) {
      throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `key "${env.key_id}" belongs to backend ${env.kek.backend}, not ${this.type}`);
    }
    const mech = this.envelopeMechanism(env);
    const kekId = env.context?.kek_cka_id;
    if (kekId !== undefined && !/^([0-9a-f]{2})*$/.test(kekId)) {
      throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `key "${env.key_id}": context.kek_cka_id is not hex`);
    }
    const wrapped = envelopeWrappedBytes(env);
    const aad = pkcs11Aad(env.key_id, env.suite, env.public_key);
    let seed: Uint8Array;
    try {
      seed = await this.token.run('unwrap seed', async (session) => {
        const lib = this.token.module.lib;
        const kek = findKek(lib, session, env.kek.id, kekId);
        if (!kek) {
          throw new Pkcs11BackendError(
            Pkcs11ErrorCode.KEK_NOT_FOUND,
            `key "${env.key_id}": the KEK "${env.kek.id}"${kekId ? ` (CKA_ID ${kekId})` : ''} is not on the token; it was deleted or this is another token`,
          );
        }
        return unwrapSeed(lib, session, kek, mech, wrapped, aad);
      });
    } finally {
      wrapped.fill(0);
    }
    return seedMatchingEnvelope(seed, env);
  }

  /** 32 bytes from the token's C_GenerateRandom. */
  protected override async makeSeed(): Promise<MadeSeed> {
    const seed = await this.token.run('C_GenerateRandom', (session) => {
      const buf = this.token.module.lib.C_GenerateRandom(session, Buffer.alloc(32));
      const copy = Uint8Array.from(buf);
      buf.fill(0);
      return copy;
    });
    return { seed };
  }

  /**
   * The seed unwrapped by the token (checked against the public key). With a seed cache
   * (`seed_cache_ttl_seconds`) the unwrapped seed is kept for the TTL, tied to the exact
   * envelope so that a replaced envelope is unwrapped afresh.
   */
  protected override async seedFor(env: Envelope): Promise<Uint8Array> {
    const cacheKey = `${env.key_id}\n${env.public_key}\n${env.wrapped}`;
    const cached = this.seeds.get(cacheKey);
    if (cached) return cached;
    const seed = await this.unseal(env);
    if (this.seeds.enabled) this.seeds.put(cacheKey, Uint8Array.from(seed));
    return seed;
  }

  /** Zeroes every cached seed (the KEK stays on the token: it protects the other keys). */
  protected override forgetSeed(): void {
    this.seeds.clear();
  }

  /** Unwraps a key and checks it derives its public key (for `keys verify`). */
  async checkKey(keyId: string): Promise<void> {
    const seed = await this.unseal(await this.store.read(assertKeyId(keyId)));
    seed.fill(0);
  }

  /**
   * Probes: token present (C_GetTokenInfo), session logged in (re-login if needed), KEK
   * present (unhealthy PKCS11_KEK_NOT_FOUND only when keys exist that need it), a
   * wrapping mechanism available. Never throws.
   */
  override async health(): Promise<BackendHealth> {
    const t0 = performance.now();
    try {
      const found = await this.token.run('health', (session) => {
        const lib = this.token.module.lib;
        try {
          lib.C_GetTokenInfo(this.token.slot());
        } catch (err) {
          const ckr = ckrOf(err);
          if (ckr !== undefined && RECONNECT_CODES.has(ckr)) throw err; // let the pool reconnect once
          throw new Pkcs11BackendError(
            CustodyErrorCode.BACKEND_UNAVAILABLE,
            `the token is not present or not responding${ckr !== undefined ? ` (${ckrName(ckr)})` : ''}`,
            ckr,
          );
        }
        return findKek(lib, session, this.kekLabel) !== null;
      });
      const mech = this.selectedMechanism();
      if (!found && (await this.store.ids()).length > 0) {
        throw new Pkcs11BackendError(Pkcs11ErrorCode.KEK_NOT_FOUND, `the KEK "${this.kekLabel}" is not on the token`);
      }
      return {
        backend: this.type,
        healthy: true,
        message: `token present, logged in, ${found ? `KEK "${this.kekLabel}" present` : 'no KEK yet (created with the first key)'}, wrapping with ${mech.name}`,
        latencyMs: performance.now() - t0,
      };
    } catch (err) {
      const code = err instanceof CustodyError ? err.code : CustodyErrorCode.BACKEND_UNAVAILABLE;
      const message = err instanceof CustodyError ? err.message : 'PKCS#11 health probe failed';
      return { backend: this.type, healthy: false, code, message, latencyMs: performance.now() - t0 };
    }
  }

  /** Zeroes cached seeds, closes every session (logging out), zeroes the PIN, unloads the module when unused. */
  override async close(): Promise<void> {
    this.seeds.clear();
    await this.token.close();
  }
}
