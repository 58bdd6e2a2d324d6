/**
 * cardano-vrf core: Cardano's ECVRF over edwards25519, byte- and verdict-exact with
 * the libsodium fork cardano-node links.
 *
 * - `draft03`: PraosVRF (draft-irtf-cfrg-vrf-03), 80-byte proofs.
 * - `draft13`: PraosBatchCompatVRF (draft-irtf-cfrg-vrf-13, batch-compatible), 128-byte proofs.
 *
 * Runs in Node and browsers: no Node built-ins, no native addons.
 */
import * as draft03 from './draft03.js';
import * as draft13 from './draft13.js';
import type { Suite } from './suite.js';

export { draft03, draft13 };
export type { Suite } from './suite.js';
export { SUITES, isSuite } from './suite.js';
export type { KeyPair } from './secretKey.js';
export { CardanoVrfError, VrfError, VrfErrorCode } from './errors.js';
export { bytesToHex, hexToBytes, bytesEqual } from './bytes.js';

/** The functions of one suite. */
export type VrfSuite = typeof draft03 | typeof draft13;

/** The module for a suite name. */
export function vrfFor(suite: Suite): VrfSuite {
  switch (suite) {
    case 'draft03':
      return draft03;
    case 'draft13':
      return draft13;
    default: {
      const never: never = suite;
      throw new TypeError(`unknown suite ${String(never)}`);
    }
  }
}
