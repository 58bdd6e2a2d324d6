/**
 * Passphrase encryption: scrypt (RFC 7914) derives a 256-bit key, AES-256-GCM
 * (NIST SP 800-38D) encrypts. Used for key files at rest and for backup archives.
 *
 * Box layout (bytes): magic "CVB1" (4) ‖ log2 N (1) ‖ r (1) ‖ p (1) ‖ salt (16) ‖
 * iv (12) ‖ ciphertext (n) ‖ tag (16). The associated data (not stored) binds the box to
 * its use, e.g. the key id, suite and public key of a key file.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { CustodyError, CustodyErrorCode } from '../errors.js';

const MAGIC = Buffer.from('CVB1', 'ascii');
const HEADER = 4 + 3 + 16 + 12;
const TAG = 16;

/** Default scrypt cost: N = 2^15, r = 8, p = 1 (about 32 MiB, ~0.1 s). */
export const DEFAULT_SCRYPT_LOG_N = 15;

function deriveKey(passphrase: Uint8Array, salt: Uint8Array, logN: number, r: number, p: number): Buffer {
  const N = 2 ** logN;
  return scryptSync(passphrase, salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}

/** Encrypts `plaintext` under `passphrase`; `aad` is authenticated, not stored. */
export function sealBox(plaintext: Uint8Array, passphrase: Uint8Array, aad: Uint8Array, logN = DEFAULT_SCRYPT_LOG_N): Uint8Array {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const r = 8;
  const p = 1;
  const key = deriveKey(passphrase, salt, logN, r, p);
  try {
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(aad);
    const ct = Buffer.concat([c.update(plaintext), c.final()]);
    const out = new Uint8Array(Buffer.concat([MAGIC, Buffer.from([logN, r, p]), salt, iv, ct, c.getAuthTag()]));
    ct.fill(0);
    return out;
  } finally {
    key.fill(0);
  }
}

/** True when `box` starts like a sealed box. */
export function isSealedBox(box: Uint8Array): boolean {
  return box.length >= HEADER + TAG && Buffer.from(box.subarray(0, 4)).equals(MAGIC);
}

/**
 * Decrypts a box. `invalidCode` (ENVELOPE_INVALID, BACKUP_INVALID) when the box is
 * malformed; PASSPHRASE_INCORRECT when authentication fails (wrong passphrase, or the
 * box/aad was altered). Returns a fresh plaintext the caller zeroes.
 */
export function openBox(box: Uint8Array, passphrase: Uint8Array, aad: Uint8Array, invalidCode: string = CustodyErrorCode.ENVELOPE_INVALID): Uint8Array {
  if (!isSealedBox(box)) throw new CustodyError(invalidCode, 'encrypted data is malformed (bad header)');
  const logN = box[4]!;
  const r = box[5]!;
  const p = box[6]!;
  if (logN < 10 || logN > 22 || r < 1 || r > 32 || p < 1 || p > 16) {
    throw new CustodyError(invalidCode, 'encrypted data has out-of-range scrypt parameters');
  }
  const salt = box.subarray(7, 23);
  const iv = box.subarray(23, 35);
  const ct = box.subarray(35, box.length - TAG);
  const tag = box.subarray(box.length - TAG);
  const key = deriveKey(passphrase, salt, logN, r, p);
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(aad);
    d.setAuthTag(tag);
    const pt = d.update(ct);
    try {
      d.final();
    } catch {
      pt.fill(0);
      throw new CustodyError(CustodyErrorCode.PASSPHRASE_INCORRECT, 'the passphrase is incorrect (or the encrypted data was altered)');
    }
    const out = Uint8Array.from(pt);
    pt.fill(0);
    return out;
  } finally {
    key.fill(0);
  }
}
