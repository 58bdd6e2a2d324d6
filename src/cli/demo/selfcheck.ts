/** The demo's first step: a throw-away key proves and verifies with both suites. */
import { draft03, draft13 } from '../../vrf/index.js';
import { toHex } from '../common/hex.js';

/** One suite's result. */
export interface SelfCheck {
  suite: 'draft03' | 'draft13';
  public_key: string;
  alpha: string;
  proof: string;
  valid: boolean;
  output: string | null;
}

/** Generates a random seed, proves `cardano-vrf demo` with both suites, verifies; zeroes the secrets. */
export function selfCheck(): SelfCheck[] {
  const seed = crypto.getRandomValues(new Uint8Array(32));
  const alpha = new TextEncoder().encode('cardano-vrf demo');
  const results = ([['draft03', draft03], ['draft13', draft13]] as const).map(([suite, vrf]) => {
    const { secretKey, publicKey } = vrf.keypairFromSeed(seed);
    const proof = vrf.prove(secretKey, alpha);
    const output = vrf.verify(publicKey, proof, alpha);
    secretKey.fill(0);
    return { suite, public_key: toHex(publicKey), alpha: toHex(alpha), proof: toHex(proof), valid: output !== null, output: output ? toHex(output) : null };
  });
  seed.fill(0);
  return results;
}
