/**
 * The key lifecycle shared by every backend that keeps its keys as envelopes in an
 * {@link EnvelopeStore} (software keystore, PKCS#11 / CloudHSM, AWS KMS, Azure Key
 * Vault): admission checks, making or importing a seed, sealing it into an envelope,
 * reading, listing, deleting, and proving with the seed held only for the call.
 *
 * A backend supplies only what differs: how a seed is made ({@link
 * EnvelopeBackendBase.makeSeed}), sealed ({@link EnvelopeBackendBase.sealSeed}) and
 * obtained back for a proof, cache included ({@link EnvelopeBackendBase.seedFor}), what
 * a deleted key leaves behind in memory ({@link EnvelopeBackendBase.forgetSeed}), its
 * health probe and close. Every seed the base handles is zeroed in a `finally`.
 */
import type { BackendHealth, BackendType, ImportSource, KeyBackend, KeyMetadata, KeyOptions, ProveResult } from './backend.js';
import type { BackendContext } from './context.js';
import { createEnvelope, envelopePublicKey, envelopeToMetadata, type Envelope, type EnvelopeKek } from './envelope.js';
import type { EnvelopeStore } from './envelopeStore.js';
import { CustodyError, CustodyErrorCode } from './errors.js';
import { assertKeyId } from './keyId.js';
import { assertSeedMatches, proveWithSeed, publicKeyOfSeed, randomSeed } from './seedKeys.js';
import { seedFromImportSource } from './skeyImport.js';
import { isSuite, type Suite } from '../vrf/suite.js';

/** A sealed (wrapped) seed: what an envelope records about its protection. */
export interface SealedSeed {
  kek: EnvelopeKek;
  /** The wrapped bytes; zeroed once the envelope holds them. */
  wrapped: Uint8Array;
  /** Data bound to the wrapping (e.g. a KMS encryption context), stored in the envelope. */
  context?: Record<string, string>;
}

/** A new seed (the base zeroes it), already sealed when the maker sealed it too (KMS GenerateDataKey). */
export interface MadeSeed {
  seed: Uint8Array;
  sealed?: SealedSeed;
}

/** Tags and deletion protection as handed to a new envelope. */
export interface NewKeyMetadata {
  tags?: Record<string, string>;
  deletionProtection?: boolean;
}

/** The suite of a new key (default draft03). BAD_SUITE for anything else. */
export function suiteOfOptions(opts?: KeyOptions): Suite {
  const suite = opts?.suite ?? 'draft03';
  if (!isSuite(suite)) throw new CustodyError(CustodyErrorCode.BAD_SUITE, 'suite must be draft03 or draft13');
  return suite;
}

/** A copy of `tags` ({} when absent). BAD_INPUT unless it maps strings to strings. */
export function checkTags(tags: unknown): Record<string, string> {
  if (tags === undefined) return {};
  if (typeof tags !== 'object' || tags === null || Object.values(tags).some((v) => typeof v !== 'string')) {
    throw new CustodyError(CustodyErrorCode.BAD_INPUT, 'tags must map strings to strings');
  }
  return { ...(tags as Record<string, string>) };
}

/** BAD_SUITE unless `suite` is absent or a known suite. */
export function checkProveSuite(suite: unknown): void {
  if (suite !== undefined && !isSuite(suite)) throw new CustodyError(CustodyErrorCode.BAD_SUITE, 'suite must be draft03 or draft13');
}

/** BAD_INPUT unless `alpha` is a Uint8Array. */
export function checkAlpha(alpha: unknown): void {
  if (!(alpha instanceof Uint8Array)) throw new CustodyError(CustodyErrorCode.BAD_INPUT, 'alpha must be a Uint8Array');
}

/** `seed` when it derives the envelope's public key; otherwise zeroes it and throws KEY_CORRUPT. */
export function seedMatchingEnvelope(seed: Uint8Array, env: Envelope): Uint8Array {
  try {
    assertSeedMatches(seed, envelopePublicKey(env), env.key_id);
  } catch (err) {
    seed.fill(0);
    throw err;
  }
  return seed;
}

/** A {@link KeyBackend} over an {@link EnvelopeStore}; see the module comment. */
export abstract class EnvelopeBackendBase implements KeyBackend {
  abstract readonly type: BackendType;
  protected abstract readonly store: EnvelopeStore;
  protected abstract readonly ctx: BackendContext;

  /** Throws when the backend can no longer be used (e.g. closed). Default: always usable. */
  protected assertUsable(): void {}

  /** Tags and deletion protection of a new key (BAD_INPUT for bad tags, checked before the seed is made). */
  protected metadataOf(opts?: KeyOptions): NewKeyMetadata {
    return { tags: checkTags(opts?.tags), deletionProtection: opts?.deletionProtection === true };
  }

  /** A fresh seed; default the OS CSPRNG. */
  protected async makeSeed(_keyId: string, _suite: Suite): Promise<MadeSeed> {
    return { seed: randomSeed() };
  }

  /** Seals `seed` (not zeroed here) whose verification key is `publicKey`. */
  protected abstract sealSeed(keyId: string, suite: Suite, seed: Uint8Array, publicKey: Uint8Array): Promise<SealedSeed>;

  /** Runs on a new envelope before it is written (e.g. a check that it unseals). Default: nothing. */
  protected async beforeWrite(_env: Envelope): Promise<void> {}

  /**
   * The seed of an envelope for one proof: a fresh copy the base zeroes, from the
   * backend's cache or unsealed. It may be unchecked: the proof checks that it derives
   * the envelope's public key (KEY_CORRUPT).
   */
  protected abstract seedFor(env: Envelope): Promise<Uint8Array>;

  /** Drops what the backend keeps in memory about a deleted key (its cached seed). */
  protected abstract forgetSeed(env: Envelope): void;

  /** Reads a key's envelope (the id is checked first). KEY_NOT_FOUND when absent. */
  protected async envelope(keyId: string): Promise<Envelope> {
    return this.store.read(assertKeyId(keyId));
  }

  /** Whether {@link listKeys} shows an envelope of the store. Default: all of them. */
  protected lists(_env: Envelope): boolean {
    return true;
  }

  /** Checks the arguments of a prove (id, suite, alpha, in that order). */
  protected checkProveInput(keyId: string, alpha: Uint8Array, suite: Suite | undefined): void {
    assertKeyId(keyId);
    checkProveSuite(suite);
    checkAlpha(alpha);
  }

  /** Checks id, suite and tags, and refuses a taken id (KEY_EXISTS); before any seed exists. */
  private async admit(keyId: string, opts?: KeyOptions): Promise<{ suite: Suite; metadata: NewKeyMetadata }> {
    this.assertUsable();
    assertKeyId(keyId);
    const suite = suiteOfOptions(opts);
    const metadata = this.metadataOf(opts);
    if (await this.store.has(keyId)) throw new CustodyError(CustodyErrorCode.KEY_EXISTS, `a key with id "${keyId}" already exists`);
    return { suite, metadata };
  }

  /** Seals `seed` (unless `sealed` is given), builds the envelope and writes it exclusively. Does not zero `seed`. */
  private async seal(keyId: string, suite: Suite, metadata: NewKeyMetadata, seed: Uint8Array, sealed?: SealedSeed): Promise<KeyMetadata> {
    const publicKey = publicKeyOfSeed(seed);
    const s = sealed ?? (await this.sealSeed(keyId, suite, seed, publicKey));
    try {
      const env = createEnvelope({
        keyId,
        suite,
        publicKey,
        kek: s.kek,
        wrapped: s.wrapped,
        ...(s.context ? { context: s.context } : {}),
        createdAt: this.ctx.clock(),
        ...metadata,
      });
      await this.beforeWrite(env);
      await this.store.write(env);
      return envelopeToMetadata(env);
    } finally {
      s.wrapped.fill(0);
    }
  }

  /** Creates a key from {@link makeSeed}, seals and stores it. KEY_EXISTS if the id is taken. */
  async generateKey(keyId: string, opts?: KeyOptions): Promise<KeyMetadata> {
    const { suite, metadata } = await this.admit(keyId, opts);
    const made = await this.makeSeed(keyId, suite);
    try {
      return await this.seal(keyId, suite, metadata, made.seed, made.sealed);
    } finally {
      made.seed.fill(0);
    }
  }

  /** Seals and stores an existing seed (raw 32 bytes or a cardano-cli vrf.skey file, only read). */
  async importKey(keyId: string, source: ImportSource, opts?: KeyOptions): Promise<KeyMetadata> {
    const { suite, metadata } = await this.admit(keyId, opts);
    const seed = await seedFromImportSource(source);
    try {
      return await this.seal(keyId, suite, metadata, seed);
    } finally {
      seed.fill(0);
    }
  }

  /** The key's metadata from its envelope. */
  async getKey(keyId: string): Promise<KeyMetadata> {
    this.assertUsable();
    return envelopeToMetadata(await this.envelope(keyId));
  }

  /** The key's 32-byte verification key from its envelope. */
  async publicKey(keyId: string): Promise<Uint8Array> {
    this.assertUsable();
    return envelopePublicKey(await this.envelope(keyId));
  }

  /** Every key of this backend in the store, sorted by id. */
  async listKeys(): Promise<KeyMetadata[]> {
    this.assertUsable();
    return (await this.store.list()).filter((env) => this.lists(env)).map(envelopeToMetadata);
  }

  /** Deletes the envelope (a KEK stays: it protects other keys) and forgets the cached seed. */
  async deleteKey(keyId: string, opts: { confirm: boolean }): Promise<void> {
    this.assertUsable();
    assertKeyId(keyId);
    if (opts?.confirm !== true) throw new CustodyError(CustodyErrorCode.CONFIRMATION_REQUIRED, `deleting "${keyId}" needs explicit confirmation`);
    const env = await this.envelope(keyId);
    if (env.metadata.deletion_protection) {
      throw new CustodyError(CustodyErrorCode.KEY_DELETION_PROTECTED, `key "${keyId}" has deletion protection`);
    }
    await this.store.remove(keyId);
    this.forgetSeed(env);
  }

  /**
   * Proves `alpha` in the key's suite (or `suite`): the seed from {@link seedFor} is
   * checked against the envelope's public key (KEY_CORRUPT), used, and zeroed.
   */
  async prove(keyId: string, alpha: Uint8Array, suite?: Suite): Promise<ProveResult> {
    this.assertUsable();
    this.checkProveInput(keyId, alpha, suite);
    const env = await this.envelope(keyId);
    const seed = await this.seedFor(env);
    try {
      return proveWithSeed(seed, alpha, suite ?? env.suite, { publicKey: envelopePublicKey(env), keyId: env.key_id });
    } finally {
      seed.fill(0);
    }
  }

  abstract health(): Promise<BackendHealth>;
  abstract close(): Promise<void>;
}
