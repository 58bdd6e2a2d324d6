/**
 * `cardano-vrf/custody`: the key-backend interface, configuration, the shared envelope
 * format and store, the audit log, and openBackend. Backends themselves are loaded
 * lazily by openBackend.
 */
export * from './backend.js';
export * from './errors.js';
export * from './keyId.js';
export * from './context.js';
export * from './envelope.js';
export * from './envelopeStore.js';
export { cardanoVrfHome, defaultConfig, loadConfigFile, parseConfig, resolveConfig, CLOUDHSM_MODULE } from './config.js';
export type { BackendConfig, CommonConfig, SoftwareConfig, Pkcs11Config, AwsCloudHsmConfig, AzureKeyVaultConfig, AzureCredentialConfig, AwsKmsConfig } from './config.js';
export { openBackend, createRawBackend, type OpenOptions, type BackendModule } from './openBackend.js';
export * from './audit/index.js';
export * from './seedKeys.js';
export { seedFromImportSource } from './skeyImport.js';
export { createBackup, readBackup, restoreBackup, BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, type BackupResult, type RestoreResult } from './backup.js';
export { verifyKeys, type KeyCheck, type KeysVerification } from './verifyKeys.js';
export { CloudError, CloudErrorCode, type CloudErrorCodeValue, type CloudErrorDetails } from './cloud/errors.js';
export type { CloudRetryConfig } from './cloud/policy.js';
export { setDeletionProtection } from './protection.js';
