/** The verifier's checks on a public key's bytes, as crypto_vrf_ietfdraft03_verify / ietfdraft13 make them. */
import { hasSmallOrder, isCanonicalPoint } from './pointChecks.js';

/** The byte-level part: pk is not small-order and is canonical (decoding is checked apart). */
export function publicKeyBytesOk(pk: Uint8Array): boolean {
  return !hasSmallOrder(pk) && isCanonicalPoint(pk);
}
