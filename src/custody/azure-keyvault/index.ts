/**
 * The `azure-keyvault` custody backend: VRF seeds wrapped by a Key Vault key
 * (RSA-OAEP-256 with a Premium vault's RSA-HSM key, or A256KW with a Managed HSM AES
 * key), envelopes in the keystore directory, every proof unwrapping through Key Vault
 * (or hitting the optional seed cache). See docs/cloud-custody.md.
 */
import type { Agent } from 'node:http';
import type { KeyBackend } from '../backend.js';
import type { AzureKeyVaultConfig } from '../config.js';
import type { BackendContext } from '../context.js';
import { EnvelopeStore } from '../envelopeStore.js';
import { CustodyError, CustodyErrorCode } from '../errors.js';
import { CloudCaller } from '../cloud/caller.js';
import { classifyAzure } from '../cloud/classifyAzure.js';
import { CloudEnvelopeBackend } from '../cloud/envelopeBackend.js';
import { tuningFromConfig } from '../cloud/policy.js';
import { SeedCache } from '../cloud/seedCache.js';
import { buildCredential } from './credential.js';
import { KeyVaultSeedWrapper } from './keyVaultWrapper.js';

export { KeyVaultSeedWrapper, type AzureWrapAlgorithm } from './keyVaultWrapper.js';
export { buildCredential } from './credential.js';

/**
 * Networking overrides that cannot come from a configuration file: an http(s) Agent
 * used for the vault and the token endpoint (a proxy agent, a private CA bundle, DNS
 * pinning; the tests use one that trusts their loopback certificate).
 */
export interface AzureTransport {
  agent?: Agent;
}

/** Opens the backend: loads the SDKs, builds the credential and clients (SDK retries off), opens the envelope directory. */
export async function createBackend(config: AzureKeyVaultConfig, ctx: BackendContext, transport: AzureTransport = {}): Promise<KeyBackend> {
  const tuning = tuningFromConfig(config, 'azure-keyvault');
  if (config.algorithm !== 'RSA-OAEP-256' && config.algorithm !== 'A256KW') {
    throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, 'azure-keyvault: algorithm must be RSA-OAEP-256 or A256KW');
  }
  let identity: typeof import('@azure/identity');
  let keys: typeof import('@azure/keyvault-keys');
  try {
    [identity, keys] = await Promise.all([import('@azure/identity'), import('@azure/keyvault-keys')]);
  } catch (err) {
    throw new CustodyError(CustodyErrorCode.BACKEND_UNAVAILABLE, 'the @azure/identity or @azure/keyvault-keys package cannot be loaded', { cause: err });
  }
  const pipeline = transport.agent ? { agent: transport.agent } : {};
  const credential = await buildCredential(identity, config.credential, ctx.env, { ...pipeline, retryOptions: { maxRetries: 0 } });
  const store = await new EnvelopeStore(config.keystore_dir).open();
  const wrapper = new KeyVaultSeedWrapper(keys, credential, config.vault_url, config.key_name, config.key_version, config.algorithm, {
    ...pipeline,
    retryOptions: { maxRetries: 0 },
  });
  return new CloudEnvelopeBackend({
    type: 'azure-keyvault',
    store,
    wrapper,
    caller: new CloudCaller({ retry: tuning.retry, rateLimit: tuning.rateLimit, classify: (e) => classifyAzure(e) }),
    cache: new SeedCache({ ttlMs: tuning.seedCacheTtlMs }),
    ctx,
    probeDeadlineMs: Math.min(tuning.retry.deadlineMs, 5000),
  });
}
