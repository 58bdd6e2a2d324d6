/**
 * Error codes of the PKCS#11 backend (and its AWS CloudHSM profile), and the mapping
 * from raw Cryptoki return values (pkcs11js `Pkcs11Error`, `CKR_*`) to them. Messages
 * name the operation and the CKR_ constant, never a PIN or key bytes, and never carry
 * a native stack trace.
 */
import { CardanoVrfError } from '../../vrf/errors.js';
import { CustodyError, CustodyErrorCode } from '../errors.js';

/** Stable codes specific to PKCS#11 custody. */
export const Pkcs11ErrorCode = {
  /** C_Login answered CKR_PIN_INCORRECT (or the CloudHSM user/password was refused). */
  PIN_INCORRECT: 'PKCS11_PIN_INCORRECT',
  /** The token locked the user PIN after too many failures (CKR_PIN_LOCKED). */
  PIN_LOCKED: 'PKCS11_PIN_LOCKED',
  /** No PIN could be obtained: env var unset, file unreadable, secret missing or malformed. */
  PIN_UNAVAILABLE: 'PKCS11_PIN_UNAVAILABLE',
  /** No slot holds a token with the configured label. */
  TOKEN_NOT_FOUND: 'PKCS11_TOKEN_NOT_FOUND',
  /** The PKCS#11 module (shared library) cannot be loaded. */
  MODULE_NOT_FOUND: 'PKCS11_MODULE_NOT_FOUND',
  /** The key-encryption key is not on the token (deleted, or another label/id). */
  KEK_NOT_FOUND: 'PKCS11_KEK_NOT_FOUND',
  /** The object carrying the KEK label is extractable or not sensitive; it is not used. */
  KEK_INSECURE: 'PKCS11_KEK_INSECURE',
  /** Several objects carry the KEK label; the backend refuses to guess. */
  KEK_AMBIGUOUS: 'PKCS11_KEK_AMBIGUOUS',
  /** None of the configured wrapping mechanisms is offered by the token. */
  MECHANISM_UNSUPPORTED: 'PKCS11_MECHANISM_UNSUPPORTED',
  /** The token refused to unwrap the envelope's bytes (tampered, or another KEK). */
  UNWRAP_FAILED: 'PKCS11_UNWRAP_FAILED',
  /** Any other Cryptoki failure; the message names the CKR_ value. */
  OPERATION_FAILED: 'PKCS11_OPERATION_FAILED',
} as const;

/** Cryptoki return values used by the backend (PKCS#11 v2.40 §3.6 / pkcs11t.h). */
export const CKR = {
  GENERAL_ERROR: 0x05,
  FUNCTION_FAILED: 0x06,
  ATTRIBUTE_SENSITIVE: 0x11,
  DEVICE_ERROR: 0x30,
  DEVICE_MEMORY: 0x31,
  DEVICE_REMOVED: 0x32,
  ENCRYPTED_DATA_INVALID: 0x40,
  ENCRYPTED_DATA_LEN_RANGE: 0x41,
  KEY_HANDLE_INVALID: 0x60,
  KEY_FUNCTION_NOT_PERMITTED: 0x68,
  MECHANISM_INVALID: 0x70,
  MECHANISM_PARAM_INVALID: 0x71,
  OBJECT_HANDLE_INVALID: 0x82,
  PIN_INCORRECT: 0xa0,
  PIN_INVALID: 0xa1,
  PIN_LEN_RANGE: 0xa2,
  PIN_EXPIRED: 0xa3,
  PIN_LOCKED: 0xa4,
  SESSION_CLOSED: 0xb0,
  SESSION_COUNT: 0xb1,
  SESSION_HANDLE_INVALID: 0xb3,
  TOKEN_NOT_PRESENT: 0xe0,
  TOKEN_NOT_RECOGNIZED: 0xe1,
  UNWRAPPING_KEY_HANDLE_INVALID: 0xf0,
  USER_ALREADY_LOGGED_IN: 0x100,
  USER_NOT_LOGGED_IN: 0x101,
  WRAPPED_KEY_INVALID: 0x110,
  WRAPPED_KEY_LEN_RANGE: 0x112,
  WRAPPING_KEY_HANDLE_INVALID: 0x113,
  CRYPTOKI_NOT_INITIALIZED: 0x190,
  CRYPTOKI_ALREADY_INITIALIZED: 0x191,
} as const;

/** After these, log in again and retry once (the login state or object handles were lost). */
export const RELOGIN_CODES: ReadonlySet<number> = new Set([
  CKR.USER_NOT_LOGGED_IN,
  CKR.KEY_HANDLE_INVALID,
  CKR.OBJECT_HANDLE_INVALID,
  CKR.WRAPPING_KEY_HANDLE_INVALID,
  CKR.UNWRAPPING_KEY_HANDLE_INVALID,
]);

/** After these, drop every session, find the token again, log in and retry once. */
export const RECONNECT_CODES: ReadonlySet<number> = new Set([
  CKR.SESSION_HANDLE_INVALID,
  CKR.SESSION_CLOSED,
  CKR.DEVICE_ERROR,
  CKR.DEVICE_MEMORY,
  CKR.DEVICE_REMOVED,
  CKR.TOKEN_NOT_PRESENT,
  CKR.TOKEN_NOT_RECOGNIZED,
  CKR.CRYPTOKI_NOT_INITIALIZED,
]);

/** The PKCS#11 backend's error: a {@link CustodyError} with a PKCS11_* or shared code. */
export class Pkcs11BackendError extends CustodyError {
  /** The raw CK_RV when the error came from the module, else undefined. */
  readonly ckr: number | undefined;
  constructor(code: string, message: string, ckr?: number) {
    super(code, message);
    this.ckr = ckr;
  }
}

/** The CK_RV carried by a pkcs11js error (`Pkcs11Error.code`), or undefined for anything else. */
export function ckrOf(err: unknown): number | undefined {
  if (err instanceof Error && err.name === 'Pkcs11Error') {
    const code = (err as Error & { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** The CKR_ name of a CK_RV (e.g. `CKR_PIN_INCORRECT`), or its hex value. */
export function ckrName(ckr: number): string {
  for (const [k, v] of Object.entries(CKR)) if (v === ckr) return `CKR_${k}`;
  return `CKR 0x${ckr.toString(16)}`;
}

/**
 * Turns anything thrown during `operation` into a coded error: CardanoVrfErrors pass
 * through; Cryptoki errors map by CK_RV (PIN_INCORRECT → PKCS11_PIN_INCORRECT, device
 * and session failures → BACKEND_UNAVAILABLE, wrapped-data failures →
 * PKCS11_UNWRAP_FAILED, mechanism failures → PKCS11_MECHANISM_UNSUPPORTED, others →
 * PKCS11_OPERATION_FAILED); native loader errors → BACKEND_UNAVAILABLE.
 */
export function mapPkcs11Error(err: unknown, operation: string): CardanoVrfError {
  if (err instanceof CardanoVrfError) return err;
  const ckr = ckrOf(err);
  if (ckr === undefined) {
    return new Pkcs11BackendError(CustodyErrorCode.BACKEND_UNAVAILABLE, `${operation}: the PKCS#11 module failed`);
  }
  const name = ckrName(ckr);
  const make = (code: string, what: string) => new Pkcs11BackendError(code, `${operation}: ${what} (${name})`, ckr);
  switch (ckr) {
    case CKR.PIN_INCORRECT:
    case CKR.PIN_INVALID:
    case CKR.PIN_LEN_RANGE:
      return make(Pkcs11ErrorCode.PIN_INCORRECT, 'the token refused the PIN');
    case CKR.PIN_LOCKED:
    case CKR.PIN_EXPIRED:
      return make(Pkcs11ErrorCode.PIN_LOCKED, 'the user PIN is locked or expired on the token');
    case CKR.USER_NOT_LOGGED_IN:
      return make(CustodyErrorCode.AUTH_FAILED, 'not logged in to the token');
    case CKR.WRAPPED_KEY_INVALID:
    case CKR.WRAPPED_KEY_LEN_RANGE:
    case CKR.ENCRYPTED_DATA_INVALID:
    case CKR.ENCRYPTED_DATA_LEN_RANGE:
      return make(Pkcs11ErrorCode.UNWRAP_FAILED, 'the token could not unwrap the stored key with this KEK');
    case CKR.MECHANISM_INVALID:
    case CKR.MECHANISM_PARAM_INVALID:
      return make(Pkcs11ErrorCode.MECHANISM_UNSUPPORTED, 'the token does not support the wrapping mechanism');
    default:
      if (RECONNECT_CODES.has(ckr) || ckr === CKR.SESSION_COUNT) {
        return make(CustodyErrorCode.BACKEND_UNAVAILABLE, 'the token is unavailable');
      }
      return make(Pkcs11ErrorCode.OPERATION_FAILED, 'the token refused the operation');
  }
}
