import type { AwsCloudHsmConfig, Pkcs11Config } from '../config.js';
import type { MechanismName } from './mechanisms.js';
import type { Pkcs11BackendOptions } from './pkcs11Backend.js';

/** The backend options of a pkcs11 or aws-cloudhsm configuration, once its PIN and mechanisms are resolved. */
export function backendOptions(config: Pkcs11Config | AwsCloudHsmConfig, pin: Uint8Array, mechanisms: readonly MechanismName[]): Pkcs11BackendOptions {
  return {
    type: config.type,
    module: config.module,
    tokenLabel: config.token_label,
    pin,
    kekLabel: config.kek_label,
    mechanisms,
    keystoreDir: config.keystore_dir,
    ...(config.seed_cache_ttl_seconds ? { seedCacheTtlMs: config.seed_cache_ttl_seconds * 1000 } : {}),
  };
}
