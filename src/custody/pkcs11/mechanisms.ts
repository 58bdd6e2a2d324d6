/**
 * The seed-wrapping mechanisms the PKCS#11 backend knows, by the name written in an
 * envelope's `kek.mechanism`, with their PKCS#11 numbers and how they are driven:
 *
 * - `wrap`: C_WrapKey/C_UnwrapKey of a CKK_GENERIC_SECRET session object holding the seed
 *   (the KEK needs CKA_WRAP/CKA_UNWRAP only);
 * - `gcm-encrypt`: C_Encrypt/C_Decrypt of the 32 seed bytes with AES-GCM, a 12-byte IV
 *   from C_GenerateRandom and the key id as AAD (the KEK also needs CKA_ENCRYPT/DECRYPT).
 *
 * Values: PKCS#11 v2.40 §2.14 (CKM_AES_KEY_WRAP 0x2109, CKM_AES_KEY_WRAP_PAD 0x210A,
 * CKM_AES_GCM 0x1087); AWS CloudHSM Client SDK 5 `cloudhsm_pkcs11_vendor_defs.h`
 * (CKM_VENDOR_DEFINED 0x80000000 | 0x2109 / 0x210A / 0x216F).
 */

import { CustodyError, CustodyErrorCode } from '../errors.js';

/** How a mechanism turns the seed into wrapped bytes. */
export type WrapStyle = 'wrap' | 'gcm-encrypt';

/** One mechanism the backend can use to protect a seed. */
export interface WrapMechanism {
  /** The name stored in envelopes and accepted in configuration. */
  name: MechanismName;
  /** The CK_MECHANISM_TYPE value. */
  type: number;
  style: WrapStyle;
  /** Whether the KEK must carry CKA_ENCRYPT/CKA_DECRYPT (true for GCM). */
  needsEncrypt: boolean;
}

const CKM_VENDOR_DEFINED = 0x80000000;

/** Every mechanism name the backend understands. */
export const MECHANISMS = {
  /** RFC 5649 AES key wrap with padding (SoftHSMv2, Thales, Utimaco...). The default. */
  CKM_AES_KEY_WRAP_PAD: { type: 0x210a, style: 'wrap', needsEncrypt: false },
  /** RFC 3394 AES key wrap, no padding (the 32-byte seed is block aligned). */
  CKM_AES_KEY_WRAP: { type: 0x2109, style: 'wrap', needsEncrypt: false },
  /** AES-256-GCM encryption of the seed bytes, IV‖ciphertext‖tag, AAD = key id. */
  CKM_AES_GCM: { type: 0x1087, style: 'gcm-encrypt', needsEncrypt: true },
  /** AWS CloudHSM SDK 5: AES key wrap with zero padding (RFC 5649 style). */
  CKM_CLOUDHSM_AES_KEY_WRAP_ZERO_PAD: { type: (CKM_VENDOR_DEFINED | 0x216f) >>> 0, style: 'wrap', needsEncrypt: false },
  /** AWS CloudHSM SDK 5: AES key wrap with PKCS #5 padding. */
  CKM_CLOUDHSM_AES_KEY_WRAP_PKCS5_PAD: { type: (CKM_VENDOR_DEFINED | 0x210a) >>> 0, style: 'wrap', needsEncrypt: false },
  /** AWS CloudHSM SDK 5: AES key wrap without padding (RFC 3394). */
  CKM_CLOUDHSM_AES_KEY_WRAP_NO_PAD: { type: (CKM_VENDOR_DEFINED | 0x2109) >>> 0, style: 'wrap', needsEncrypt: false },
} as const satisfies Record<string, Omit<WrapMechanism, 'name'>>;

/** A mechanism name, e.g. `CKM_AES_KEY_WRAP_PAD`. */
export type MechanismName = keyof typeof MECHANISMS;

/** True when `value` names a known mechanism. Never throws. */
export function isMechanismName(value: unknown): value is MechanismName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(MECHANISMS, value);
}

/** The full description of a mechanism by name. */
export function mechanism(name: MechanismName): WrapMechanism {
  return { name, ...MECHANISMS[name] };
}

/** Preference order of a plain PKCS#11 token: RFC 5649 first, then RFC 3394. */
export const PKCS11_DEFAULT_MECHANISMS: readonly MechanismName[] = ['CKM_AES_KEY_WRAP_PAD', 'CKM_AES_KEY_WRAP'];

/**
 * Preference order of the AWS CloudHSM profile: the standard RFC 5649 mechanism when the
 * library lists it, then CloudHSM's vendor-defined key-wrap variants (SDK 5 lists only
 * those), then plain RFC 3394.
 */
export const CLOUDHSM_DEFAULT_MECHANISMS: readonly MechanismName[] = [
  'CKM_AES_KEY_WRAP_PAD',
  'CKM_CLOUDHSM_AES_KEY_WRAP_ZERO_PAD',
  'CKM_CLOUDHSM_AES_KEY_WRAP_PKCS5_PAD',
  'CKM_CLOUDHSM_AES_KEY_WRAP_NO_PAD',
  'CKM_AES_KEY_WRAP',
];

/** CKF_ENCRYPT, CKF_DECRYPT, CKF_WRAP, CKF_UNWRAP from CK_MECHANISM_INFO.flags. */
const CKF_ENCRYPT = 0x100;
const CKF_DECRYPT = 0x200;
const CKF_WRAP = 0x20000;
const CKF_UNWRAP = 0x40000;

/** True when a mechanism's CK_MECHANISM_INFO flags allow the operations `m` needs. */
export function flagsSupport(m: WrapMechanism, flags: number): boolean {
  const need = m.style === 'wrap' ? CKF_WRAP | CKF_UNWRAP : CKF_ENCRYPT | CKF_DECRYPT;
  return (flags & need) === need;
}

/**
 * Picks the first mechanism of `preferred` that the token lists (C_GetMechanismList)
 * with the flags it needs (C_GetMechanismInfo). `infoOf` returns the flags or null
 * when the mechanism is not listed. Returns null when none fits.
 */
export function chooseMechanism(
  preferred: readonly MechanismName[],
  infoOf: (type: number) => number | null,
): WrapMechanism | null {
  for (const name of preferred) {
    const m = mechanism(name);
    const flags = infoOf(m.type);
    if (flags !== null && flagsSupport(m, flags)) return m;
  }
  return null;
}

/** Parses `wrap_mechanism` (one name or a comma-separated preference list). CONFIG_INVALID. */
export function parseMechanismList(value: string | undefined, defaults: readonly MechanismName[]): MechanismName[] {
  if (value === undefined) return [...defaults];
  const names = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, 'configuration: wrap_mechanism is empty');
  for (const n of names) {
    if (!isMechanismName(n)) {
      throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, `configuration: wrap_mechanism names an unknown mechanism ${JSON.stringify(n.slice(0, 60))}`);
    }
  }
  return names as MechanismName[];
}
