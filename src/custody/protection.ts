/**
 * Turning a key's deletion protection on or off. Every backend keeps its metadata in the
 * envelope file (`metadata.deletion_protection`, not bound to the wrapping), so this is
 * one atomic replace of that file in the configured `keystore_dir`. Run it while no
 * other process deletes the same key: a delete racing with it could be undone.
 */
import type { KeyMetadata } from './backend.js';
import type { BackendConfig } from './config.js';
import { envelopeToMetadata } from './envelope.js';
import { EnvelopeStore } from './envelopeStore.js';
import { assertKeyId } from './keyId.js';

/** Sets `deletion_protection` of `keyId` to `enabled`. KEY_NOT_FOUND, BAD_KEY_ID, ENVELOPE_INVALID. */
export async function setDeletionProtection(config: BackendConfig, keyId: string, enabled: boolean): Promise<KeyMetadata> {
  const store = await new EnvelopeStore(config.keystore_dir).open();
  const env = await store.read(assertKeyId(keyId));
  if (env.metadata.deletion_protection === enabled) return envelopeToMetadata(env);
  const updated = { ...env, metadata: { ...env.metadata, deletion_protection: enabled } };
  await store.write(updated, { replace: true });
  return envelopeToMetadata(updated);
}
