/** The verifier's checks on a public key, as crypto_vrf_ietfdraft03_verify / ietfdraft13 make them. */
import type { CurveEngine } from './engine.js';
import { hasSmallOrder, isCanonicalPoint } from './pointChecks.js';

/** True when pk is not small-order, is canonical, and decodes. */
export function isValidPublicKey(engine: CurveEngine, pk: Uint8Array): boolean {
  return !hasSmallOrder(pk) && isCanonicalPoint(pk) && engine.decodes(pk);
}
