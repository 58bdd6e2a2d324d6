/**
 * The source of the small consumer program the package test type-checks (TypeScript strict) and
 * runs against the installed tarball. It imports every "exports" entry by its public name.
 */

/** Inputs baked into the program (hex): two official vectors' seeds and alpha. */
export interface ProgramInputs {
  /** Module specifiers of every exports entry except the core and ./package.json. */
  entries: string[];
  seed: string;
  alpha: string;
  seed13: string;
}

/** TypeScript source of consumer.ts; it prints one JSON object with what it computed. */
export function consumerProgram(i: ProgramInputs): string {
  const imports = i.entries.map((e, n) => `import * as entry${n} from '${e}';`).join('\n');
  const checks = i.entries.map((e, n) => `  ['${e}', Object.keys(entry${n}).length],`).join('\n');
  return `import { draft03, draft13, vrfFor, bytesToHex, hexToBytes, isSuite, type Suite, type VrfSuite, CardanoVrfError } from 'cardano-vrf';
import pkg from 'cardano-vrf/package.json' with { type: 'json' };
${imports}

const suite: Suite = 'draft03';
const vrf: VrfSuite = vrfFor(suite);
const seed: Uint8Array = hexToBytes('${i.seed}');
const alpha: Uint8Array = hexToBytes('${i.alpha}');
const { secretKey, publicKey } = vrf.keypairFromSeed(seed);
const proof = draft03.prove(secretKey, alpha);
const output: Uint8Array | null = draft03.verify(publicKey, proof, alpha);
const tampered = proof.slice();
tampered[40] = (tampered[40] ?? 0) ^ 1;
secretKey.fill(0);

const kp13 = draft13.keypairFromSeed(hexToBytes('${i.seed13}'));
const proof13 = draft13.prove(kp13.secretKey, alpha);
const output13 = draft13.verify(kp13.publicKey, proof13, alpha);
kp13.secretKey.fill(0);

// The declarations are real types, not any: a string where bytes are expected must not compile
// (type-checked only; never called).
function typeCheckOnly(): void {
  // @ts-expect-error a string is not a Uint8Array
  draft03.verify('not bytes', proof, alpha);
}
void typeCheckOnly;

let coded = '';
try {
  draft03.keypairFromSeed(new Uint8Array(5));
} catch (err) {
  if (err instanceof CardanoVrfError) coded = err.code;
}

const entries: Array<[string, number]> = [
  ['cardano-vrf', Object.keys({ draft03, draft13 }).length],
${checks}
];

console.log(JSON.stringify({
  version: pkg.version,
  publicKey: bytesToHex(publicKey),
  proof: bytesToHex(proof),
  output: output === null ? null : bytesToHex(output),
  proofBytes: draft03.PROOF_BYTES,
  publicKey13: bytesToHex(kp13.publicKey),
  output13: output13 === null ? null : bytesToHex(output13),
  tamperedRejected: draft03.verify(publicKey, tampered, alpha) === null,
  isSuite: isSuite('draft13'),
  badSeedCode: coded,
  entries,
}));
`;
}
