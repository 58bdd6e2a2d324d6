/**
 * The key-backend interface. Every custody backend (software keystore, PKCS#11,
 * AWS CloudHSM, Azure Key Vault, AWS KMS) implements {@link KeyBackend}; signing code
 * sees nothing else. Seeds are 32-byte Uint8Arrays, zeroed after use, never logged.
 */
import type { Suite } from '../vrf/suite.js';

/** Backend kinds, the tag of the configuration union. */
export type BackendType = 'software' | 'pkcs11' | 'aws-cloudhsm' | 'azure-keyvault' | 'aws-kms';

/** What a backend knows about one key (never the seed). */
export interface KeyMetadata {
  keyId: string;
  suite: Suite;
  /** 32-byte VRF verification key. */
  publicKey: Uint8Array;
  /** ISO-8601 creation time. */
  createdAt: string;
  /** Free-form tags such as `env` and `purpose`. */
  tags: Record<string, string>;
  /** When true, deleteKey refuses with KEY_DELETION_PROTECTED. */
  deletionProtection: boolean;
  backend: BackendType;
}

/** Options for generateKey and importKey. */
export interface KeyOptions {
  /** Default draft03 (PraosVRF). */
  suite?: Suite;
  tags?: Record<string, string>;
  deletionProtection?: boolean;
}

/** A seed to import: raw 32 bytes, or a cardano-cli VRF signing-key file. */
export type ImportSource = Uint8Array | { skeyFile: string };

/** Result of a prove: the proof (80 or 128 bytes) and its 64-byte VRF output. */
export interface ProveResult {
  proof: Uint8Array;
  output: Uint8Array;
}

/** A backend's health, as reported by `/health/hsm` and `keys verify`. */
export interface BackendHealth {
  backend: BackendType;
  healthy: boolean;
  /** Error code when unhealthy, e.g. BACKEND_UNAVAILABLE, PKCS11_PIN_INCORRECT, CLOUD_AUTH_FAILED. */
  code?: string;
  message?: string;
  /** Round-trip time of the probe, milliseconds. */
  latencyMs?: number;
}

/** One key-custody backend. */
export interface KeyBackend {
  readonly type: BackendType;
  /** Creates a key from the backend's random source. KEY_EXISTS if the id is taken. */
  generateKey(keyId: string, opts?: KeyOptions): Promise<KeyMetadata>;
  /** Stores an existing seed (the caller keeps and zeroes its own copy). KEY_EXISTS if the id is taken. */
  importKey(keyId: string, source: ImportSource, opts?: KeyOptions): Promise<KeyMetadata>;
  /** The key's metadata. KEY_NOT_FOUND if absent. */
  getKey(keyId: string): Promise<KeyMetadata>;
  /** The 32-byte verification key. KEY_NOT_FOUND if absent. */
  publicKey(keyId: string): Promise<Uint8Array>;
  /** Every key, sorted by id. */
  listKeys(): Promise<KeyMetadata[]>;
  /** Deletes a key; `confirm` must be true. KEY_NOT_FOUND, KEY_DELETION_PROTECTED. */
  deleteKey(keyId: string, opts: { confirm: boolean }): Promise<void>;
  /** Proves `alpha` with the key, in its own suite unless `suite` is given. */
  prove(keyId: string, alpha: Uint8Array, suite?: Suite): Promise<ProveResult>;
  /** Probes the backend (token present, logged in, cloud reachable). Never throws. */
  health(): Promise<BackendHealth>;
  /** Releases sessions and zeroes cached secrets. */
  close(): Promise<void>;
}
