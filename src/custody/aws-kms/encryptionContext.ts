/**
 * The KMS encryption context that binds a wrapped seed to its key id and suite. KMS
 * authenticates the context with the ciphertext (AES-GCM additional data), so a blob
 * copied into another key's envelope, or relabelled with another suite, does not
 * decrypt. It also appears in CloudTrail and can be required by IAM conditions
 * (`kms:EncryptionContext:purpose`).
 */
import type { Suite } from '../../vrf/suite.js';

/** Context key naming the VRF key id. */
export const CONTEXT_KEY_ID = 'vrf_key_id';
/** Context key naming the suite. */
export const CONTEXT_SUITE = 'vrf_suite';
/** Context key naming the purpose, constant {@link CONTEXT_PURPOSE_VALUE}. */
export const CONTEXT_PURPOSE = 'purpose';
/** Value of the purpose entry. */
export const CONTEXT_PURPOSE_VALUE = 'cardano-vrf-seed';

/** The encryption context for `keyId` in `suite`. */
export function encryptionContextFor(keyId: string, suite: Suite): Record<string, string> {
  return { [CONTEXT_PURPOSE]: CONTEXT_PURPOSE_VALUE, [CONTEXT_KEY_ID]: keyId, [CONTEXT_SUITE]: suite };
}
