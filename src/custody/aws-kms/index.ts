/**
 * The `aws-kms` custody backend: VRF seeds are KMS data keys (GenerateDataKey, AES_256)
 * stored only as CiphertextBlobs in envelope files, bound to their key id and suite by
 * an encryption context; every proof Decrypts (or hits the optional seed cache).
 * Credentials come from the AWS default chain (environment, shared files, SSO, web
 * identity, ECS/EC2 roles). See docs/cloud-custody.md.
 */
import type { KeyBackend } from '../backend.js';
import type { AwsKmsConfig } from '../config.js';
import type { BackendContext } from '../context.js';
import { EnvelopeStore } from '../envelopeStore.js';
import { CustodyError, CustodyErrorCode } from '../errors.js';
import { CloudCaller } from '../cloud/caller.js';
import { classifyAws } from '../cloud/classifyAws.js';
import { CloudEnvelopeBackend } from '../cloud/envelopeBackend.js';
import { tuningFromConfig, type CloudTuningConfig } from '../cloud/policy.js';
import { SeedCache } from '../cloud/seedCache.js';
import { KmsSeedWrapper } from './kmsWrapper.js';

export { encryptionContextFor, CONTEXT_KEY_ID, CONTEXT_SUITE, CONTEXT_PURPOSE, CONTEXT_PURPOSE_VALUE } from './encryptionContext.js';
export { KmsSeedWrapper, KMS_MECHANISM } from './kmsWrapper.js';

/** Opens the backend: loads the SDK, builds a KMSClient (SDK retries off), opens the envelope directory. */
export async function createBackend(config: AwsKmsConfig, ctx: BackendContext): Promise<KeyBackend> {
  const tuning = tuningFromConfig(config as AwsKmsConfig & CloudTuningConfig, 'aws-kms');
  // This package pins an SDK release that supports Node 20; the SDK's notice that *later*
  // releases will need Node 22 would otherwise land on stderr of every CLI run (and in
  // front of `--json` errors). An operator who sets the variable keeps their choice.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let sdk: typeof import('@aws-sdk/client-kms');
  try {
    sdk = await import('@aws-sdk/client-kms');
  } catch (err) {
    throw new CustodyError(CustodyErrorCode.BACKEND_UNAVAILABLE, 'the @aws-sdk/client-kms package cannot be loaded', { cause: err });
  }
  const store = await new EnvelopeStore(config.keystore_dir).open();
  const client = new sdk.KMSClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    maxAttempts: 1,
  });
  return new CloudEnvelopeBackend({
    type: 'aws-kms',
    store,
    wrapper: new KmsSeedWrapper(sdk, client, config.key_id),
    caller: new CloudCaller({ retry: tuning.retry, rateLimit: tuning.rateLimit, classify: (e) => classifyAws(e) }),
    cache: new SeedCache({ ttlMs: tuning.seedCacheTtlMs }),
    ctx,
    probeDeadlineMs: Math.min(tuning.retry.deadlineMs, 5000),
  });
}
