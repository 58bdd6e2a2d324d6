/**
 * The AWS KMS half of the cloud envelope backend, on the official @aws-sdk/client-kms:
 *
 * - generate: `GenerateDataKey` (KeySpec AES_256) under the configured KMS key with the
 *   encryption context: the 32-byte plaintext data key is the VRF seed, the
 *   CiphertextBlob is all that is stored.
 * - wrap (import): `Encrypt` of the 32-byte seed with the same context.
 * - unwrap (prove): `Decrypt` of the blob with the context recomputed from the
 *   envelope's key id and suite, and the KeyId pinned to the ARN that wrapped it.
 * - probe (health): `DescribeKey`, checking the key is enabled and symmetric.
 *
 * SDK retries are off (maxAttempts 1): the backend's retry loop is the only one.
 */
import type { DescribeKeyCommandOutput, KMSClient } from '@aws-sdk/client-kms';
import type { Envelope } from '../envelope.js';
import type { Suite } from '../../vrf/suite.js';
import { CloudError, CloudErrorCode } from '../cloud/errors.js';
import type { GeneratedSeed, SeedWrapper, WrappedSeed } from '../cloud/seedWrapper.js';
import { encryptionContextFor } from './encryptionContext.js';

type KmsModule = typeof import('@aws-sdk/client-kms');

/** Wrapping mechanism recorded in envelopes. */
export const KMS_MECHANISM = 'SYMMETRIC_DEFAULT';

function bytes(value: Uint8Array | undefined, what: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length === 0) {
    throw new CloudError(CloudErrorCode.BAD_RESPONSE, `KMS answered without ${what}`);
  }
  return value;
}

/** {@link SeedWrapper} over a KMSClient; see the module comment. */
export class KmsSeedWrapper implements SeedWrapper {
  readonly backend = 'aws-kms' as const;
  constructor(
    private readonly sdk: KmsModule,
    private readonly client: KMSClient,
    /** The configured KMS key: key id, key ARN, alias name or alias ARN. */
    private readonly keyId: string,
  ) {}

  async generate(keyId: string, suite: Suite, signal: AbortSignal): Promise<GeneratedSeed> {
    const context = encryptionContextFor(keyId, suite);
    const out = await this.client.send(
      new this.sdk.GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: context }),
      { abortSignal: signal },
    );
    const seed = bytes(out.Plaintext, 'a plaintext data key');
    const wrapped = bytes(out.CiphertextBlob, 'a ciphertext blob');
    if (!out.KeyId) {
      seed.fill(0);
      throw new CloudError(CloudErrorCode.BAD_RESPONSE, 'KMS answered without the key ARN');
    }
    return { seed, wrapped, kek: { backend: 'aws-kms', id: out.KeyId, mechanism: KMS_MECHANISM }, context };
  }

  async wrap(keyId: string, suite: Suite, seed: Uint8Array, signal: AbortSignal): Promise<WrappedSeed> {
    const context = encryptionContextFor(keyId, suite);
    const plaintext = Uint8Array.from(seed);
    try {
      const out = await this.client.send(
        new this.sdk.EncryptCommand({ KeyId: this.keyId, Plaintext: plaintext, EncryptionContext: context }),
        { abortSignal: signal },
      );
      const wrapped = bytes(out.CiphertextBlob, 'a ciphertext blob');
      if (!out.KeyId) throw new CloudError(CloudErrorCode.BAD_RESPONSE, 'KMS answered without the key ARN');
      return { wrapped, kek: { backend: 'aws-kms', id: out.KeyId, mechanism: KMS_MECHANISM }, context };
    } finally {
      plaintext.fill(0);
    }
  }

  async unwrap(envelope: Envelope, signal: AbortSignal): Promise<Uint8Array> {
    if (envelope.kek.mechanism !== KMS_MECHANISM) {
      throw new CloudError(CloudErrorCode.BAD_REQUEST, `key "${envelope.key_id}": unsupported KMS mechanism ${envelope.kek.mechanism}`);
    }
    const out = await this.client.send(
      new this.sdk.DecryptCommand({
        CiphertextBlob: Uint8Array.from(Buffer.from(envelope.wrapped, 'base64')),
        EncryptionContext: encryptionContextFor(envelope.key_id, envelope.suite),
        KeyId: envelope.kek.id,
      }),
      { abortSignal: signal },
    );
    return bytes(out.Plaintext, 'a plaintext');
  }

  async probe(signal: AbortSignal): Promise<void> {
    const out: DescribeKeyCommandOutput = await this.client.send(new this.sdk.DescribeKeyCommand({ KeyId: this.keyId }), {
      abortSignal: signal,
    });
    const md = out.KeyMetadata;
    if (!md) throw new CloudError(CloudErrorCode.BAD_RESPONSE, 'DescribeKey answered without KeyMetadata');
    if (md.KeyState !== 'Enabled' || md.Enabled === false) {
      throw new CloudError(CloudErrorCode.KEY_DISABLED, `KMS key ${md.Arn ?? this.keyId} is ${md.KeyState ?? 'not enabled'}`);
    }
    if (md.KeyUsage !== undefined && md.KeyUsage !== 'ENCRYPT_DECRYPT') {
      throw new CloudError(CloudErrorCode.BAD_REQUEST, `KMS key ${md.Arn ?? this.keyId} has usage ${md.KeyUsage}, not ENCRYPT_DECRYPT`);
    }
    if (md.KeySpec !== undefined && md.KeySpec !== 'SYMMETRIC_DEFAULT') {
      throw new CloudError(CloudErrorCode.BAD_REQUEST, `KMS key ${md.Arn ?? this.keyId} is ${md.KeySpec}, not SYMMETRIC_DEFAULT`);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
