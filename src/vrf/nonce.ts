/** ECVRF nonce generation as in RFC 8032 (draft-03 §5.4.2.2, draft-13 §5.4.2.2): k = SHA-512(nonceKey ‖ H) mod L. */
import { sha512 } from './fast/sha512.js';
import { reduceScalar } from './scalar.js';

/** The 32-byte nonce scalar for the nonce key (32 bytes) and H's encoding. */
export function nonceGeneration(nonceKey: Uint8Array, h: Uint8Array): Uint8Array {
  const digest = sha512(nonceKey, h);
  const k = reduceScalar(digest);
  digest.fill(0);
  return k;
}
