/**
 * Typed errors of the custody layer. Every failure a backend reports on purpose is a
 * {@link CustodyError} with a stable `code`; messages never contain seeds, PINs,
 * passphrases or any other secret. Backends add their own codes (PKCS11_*, CLOUD_*).
 */
import { CardanoVrfError } from '../vrf/errors.js';

/** Codes of the custody layer shared by every backend. */
export const CustodyErrorCode = {
  /** No key with that id. */
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  /** generate/import/restore onto an id that is taken. */
  KEY_EXISTS: 'KEY_EXISTS',
  /** deleteKey on a key whose metadata has deletion_protection = true. */
  KEY_DELETION_PROTECTED: 'KEY_DELETION_PROTECTED',
  /** A key id outside the safe charset (see keyId.ts). */
  BAD_KEY_ID: 'BAD_KEY_ID',
  /** The backend cannot be reached, is not built, or its token/module is missing. */
  BACKEND_UNAVAILABLE: 'BACKEND_UNAVAILABLE',
  /** A key directory or file is readable by group or others (or owned by someone else). */
  INSECURE_PERMISSIONS: 'INSECURE_PERMISSIONS',
  /** The configuration file or its values are malformed. */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** An envelope (wrapped-seed file) is malformed or inconsistent. */
  ENVELOPE_INVALID: 'ENVELOPE_INVALID',
  /** A stored key decrypted/unwrapped, but its seed does not derive the stored public key. */
  KEY_CORRUPT: 'KEY_CORRUPT',
  /** The passphrase does not decrypt the key or backup (AES-GCM tag mismatch). */
  PASSPHRASE_INCORRECT: 'PASSPHRASE_INCORRECT',
  /** The key or backup is encrypted and no passphrase was configured. */
  PASSPHRASE_REQUIRED: 'PASSPHRASE_REQUIRED',
  /** A destructive operation was called without explicit confirmation. */
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  /** A suite name other than draft03/draft13. */
  BAD_SUITE: 'BAD_SUITE',
  /** A seed or alpha of the wrong type/length was passed in. */
  BAD_INPUT: 'BAD_INPUT',
  /** A cardano-cli vrf.skey file could not be read or parsed. */
  SKEY_INVALID: 'SKEY_INVALID',
  /** An output file (backup archive, exported key) already exists and would be replaced. */
  OUTPUT_EXISTS: 'OUTPUT_EXISTS',
  /** A backup archive is malformed. */
  BACKUP_INVALID: 'BACKUP_INVALID',
  /** The audit log cannot be opened or written; operations fail closed. */
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  /** An I/O error in the key store (disk full, EIO...). */
  STORAGE_ERROR: 'STORAGE_ERROR',
  /** A failed authentication reported by a backend (PIN, cloud credentials). */
  AUTH_FAILED: 'AUTH_FAILED',
} as const;

/** One of {@link CustodyErrorCode}'s values, or a backend-specific code. */
export type CustodyErrorCodeValue = (typeof CustodyErrorCode)[keyof typeof CustodyErrorCode] | (string & {});

/** The custody layer's error: `code` is stable, `message` is secret-free. */
export class CustodyError extends CardanoVrfError {
  constructor(code: CustodyErrorCodeValue, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** True when `err` is a CardanoVrfError carrying `code`. */
export function hasCode(err: unknown, code: string): boolean {
  return err instanceof CardanoVrfError && err.code === code;
}
