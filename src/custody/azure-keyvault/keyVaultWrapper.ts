/**
 * The Azure Key Vault half of the cloud envelope backend, on the official
 * @azure/keyvault-keys:
 *
 * - wrap: the configured key (latest version, or `key_version`) is read with
 *   KeyClient.getKey, then CryptographyClient.wrapKey with RSA-OAEP-256 (Premium vault,
 *   RSA-HSM key) or A256KW (Managed HSM, AES key). The envelope records the versioned
 *   key id, so keys wrapped before a rotation still unwrap with their own version.
 * - unwrap: CryptographyClient.unwrapKey on the envelope's versioned key id. Key Vault
 *   answers a refused unwrap with 400; that becomes CLOUD_DECRYPT_REFUSED.
 * - probe: getKey, checking the key is enabled, not expired, permits wrapKey/unwrapKey
 *   and has the type the algorithm needs.
 *
 * - generate: with a Managed HSM (A256KW) the seed comes from the HSM's random generator
 *   (KeyClient.getRandomBytes, `POST /rng`) and is wrapped at once; a Premium vault has
 *   no random-bytes API, so there the backend draws the seed from the OS CSPRNG.
 *
 * SDK retries are off (maxRetries 0): the backend's retry loop is the only one.
 */
import type { TokenCredential } from '@azure/identity';
import type { CryptographyClient, KeyClient, KeyVaultKey } from '@azure/keyvault-keys';
import type { Envelope } from '../envelope.js';
import type { Suite } from '../../vrf/suite.js';
import { classifyAzure } from '../cloud/classifyAzure.js';
import { CloudError, CloudErrorCode } from '../cloud/errors.js';
import type { GeneratedSeed, SeedWrapper, WrappedSeed } from '../cloud/seedWrapper.js';

type KeysModule = typeof import('@azure/keyvault-keys');

/** Wrapping algorithms the backend supports. */
export type AzureWrapAlgorithm = 'RSA-OAEP-256' | 'A256KW';

/** Client options shared by KeyClient and CryptographyClient. */
export interface KeyVaultClientOptions {
  agent?: import('node:http').Agent;
  retryOptions: { maxRetries: number };
  serviceVersion?: string;
}

function keyTypeFits(kty: string | undefined, algorithm: AzureWrapAlgorithm): boolean {
  if (kty === undefined) return true;
  return algorithm === 'RSA-OAEP-256' ? kty === 'RSA' || kty === 'RSA-HSM' : kty === 'oct' || kty === 'oct-HSM';
}

/** {@link SeedWrapper} over a Key Vault key; see the module comment. */
export class KeyVaultSeedWrapper implements SeedWrapper {
  readonly backend = 'azure-keyvault' as const;
  private readonly keyClient: KeyClient;
  private readonly crypto = new Map<string, CryptographyClient>();
  /** Present with a Managed HSM (A256KW): seeds from the HSM's random generator. */
  readonly generate?: (keyId: string, suite: Suite, signal: AbortSignal) => Promise<GeneratedSeed>;

  constructor(
    private readonly sdk: KeysModule,
    private readonly credential: TokenCredential,
    private readonly vaultUrl: string,
    private readonly keyName: string,
    private readonly keyVersion: string | undefined,
    private readonly algorithm: AzureWrapAlgorithm,
    private readonly clientOptions: KeyVaultClientOptions,
  ) {
    this.keyClient = new sdk.KeyClient(vaultUrl, credential, clientOptions);
    if (algorithm === 'A256KW') this.generate = (keyId, suite, signal) => this.generateInHsm(keyId, suite, signal);
  }

  private async generateInHsm(keyId: string, suite: Suite, signal: AbortSignal): Promise<GeneratedSeed> {
    const random = await this.keyClient.getRandomBytes(32, { abortSignal: signal });
    const seed = new Uint8Array(random);
    random.fill(0);
    try {
      if (seed.length !== 32) throw new CloudError(CloudErrorCode.BAD_RESPONSE, `the Managed HSM returned ${seed.length} random bytes, expected 32`);
      return { seed, ...(await this.wrap(keyId, suite, seed, signal)) };
    } catch (err) {
      seed.fill(0);
      throw err;
    }
  }

  private async currentKey(signal: AbortSignal): Promise<KeyVaultKey> {
    const key = await this.keyClient.getKey(this.keyName, { abortSignal: signal, ...(this.keyVersion ? { version: this.keyVersion } : {}) });
    this.check(key);
    return key;
  }

  private check(key: KeyVaultKey): void {
    const p = key.properties;
    if (p.enabled === false) throw new CloudError(CloudErrorCode.KEY_DISABLED, `Key Vault key ${key.id ?? this.keyName} is disabled`);
    const now = Date.now();
    if (p.expiresOn && p.expiresOn.getTime() < now) throw new CloudError(CloudErrorCode.KEY_DISABLED, `Key Vault key ${key.id ?? this.keyName} has expired`);
    if (p.notBefore && p.notBefore.getTime() > now) throw new CloudError(CloudErrorCode.KEY_DISABLED, `Key Vault key ${key.id ?? this.keyName} is not yet valid`);
    if (!keyTypeFits(key.keyType, this.algorithm)) {
      throw new CloudError(CloudErrorCode.BAD_REQUEST, `Key Vault key ${key.id ?? this.keyName} is ${key.keyType}; ${this.algorithm} needs ${this.algorithm === 'A256KW' ? 'an AES (oct-HSM) key' : 'an RSA key'}`);
    }
    const ops = key.keyOperations;
    if (ops && (!ops.includes('wrapKey') || !ops.includes('unwrapKey'))) {
      throw new CloudError(CloudErrorCode.FORBIDDEN, `Key Vault key ${key.id ?? this.keyName} does not permit wrapKey and unwrapKey`);
    }
  }

  private cryptoFor(kid: string): CryptographyClient {
    let c = this.crypto.get(kid);
    if (!c) {
      c = new this.sdk.CryptographyClient(kid, this.credential, this.clientOptions);
      this.crypto.set(kid, c);
    }
    return c;
  }

  async wrap(_keyId: string, _suite: Suite, seed: Uint8Array, signal: AbortSignal): Promise<WrappedSeed> {
    const key = await this.currentKey(signal);
    if (!key.id) throw new CloudError(CloudErrorCode.BAD_RESPONSE, 'Key Vault returned a key without an id');
    const copy = Uint8Array.from(seed);
    try {
      const r = await this.cryptoFor(key.id).wrapKey(this.algorithm, copy, { abortSignal: signal });
      if (!(r.result instanceof Uint8Array) || r.result.length === 0) {
        throw new CloudError(CloudErrorCode.BAD_RESPONSE, 'Key Vault wrapKey returned no value');
      }
      return { wrapped: r.result, kek: { backend: 'azure-keyvault', id: key.id, mechanism: this.algorithm } };
    } finally {
      copy.fill(0);
    }
  }

  async unwrap(envelope: Envelope, signal: AbortSignal): Promise<Uint8Array> {
    const mechanism = envelope.kek.mechanism;
    if (mechanism !== 'RSA-OAEP-256' && mechanism !== 'A256KW') {
      throw new CloudError(CloudErrorCode.BAD_REQUEST, `key "${envelope.key_id}": unsupported Key Vault mechanism ${mechanism}`);
    }
    const wrapped = Uint8Array.from(Buffer.from(envelope.wrapped, 'base64'));
    try {
      const r = await this.cryptoFor(envelope.kek.id).unwrapKey(mechanism, wrapped, { abortSignal: signal });
      return r.result;
    } catch (err) {
      const e = classifyAzure(err);
      if (e.code === CloudErrorCode.BAD_REQUEST && e.httpStatus === 400) {
        throw new CloudError(CloudErrorCode.DECRYPT_REFUSED, `Key Vault refused to unwrap key "${envelope.key_id}": wrong key-encryption key or damaged envelope`, { httpStatus: 400, cause: err });
      }
      throw e;
    }
  }

  async probe(signal: AbortSignal): Promise<void> {
    await this.currentKey(signal);
  }

  async close(): Promise<void> {
    this.crypto.clear();
  }
}
