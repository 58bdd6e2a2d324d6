/**
 * ECVRF_hash_points (the challenge), 16 bytes zero-extended to a 32-byte scalar.
 * - draft-03: SHA-512(0x04 ‖ 0x02 ‖ H ‖ Γ ‖ U ‖ V)[0..16]
 * - draft-13: SHA-512(0x04 ‖ 0x02 ‖ pk ‖ H ‖ Γ ‖ U ‖ V ‖ 0x00)[0..16]
 */
import { sha512 } from './fast/sha512.js';

/** Challenge length in bytes. */
export const CHALLENGE_BYTES = 16;

const PREFIX = Uint8Array.of(0x04, 0x02);
const ZERO_BYTE = Uint8Array.of(0x00);

/** draft-03 challenge (16 bytes). */
export function challengeDraft03(h: Uint8Array, gamma: Uint8Array, u: Uint8Array, v: Uint8Array): Uint8Array {
  return sha512(PREFIX, h, gamma, u, v).slice(0, 16);
}

/** draft-13 challenge (16 bytes). */
export function challengeDraft13(pk: Uint8Array, h: Uint8Array, gamma: Uint8Array, u: Uint8Array, v: Uint8Array): Uint8Array {
  return sha512(PREFIX, pk, h, gamma, u, v, ZERO_BYTE).slice(0, 16);
}

/** The 16-byte challenge as a 32-byte little-endian scalar. */
export function challengeScalar(c16: Uint8Array): Uint8Array {
  const c = new Uint8Array(32);
  c.set(c16.subarray(0, 16), 0);
  return c;
}
