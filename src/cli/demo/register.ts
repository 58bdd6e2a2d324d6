import type { Command } from 'commander';
import { draft03, draft13 } from '../../vrf/index.js';
import { toHex } from '../common/hex.js';
import { action, printJson, printLines } from '../common/output.js';

/** `demo`: generates a throw-away key, proves and verifies with both suites, prints the results. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('Generate a throw-away key, prove and verify with both suites, print the results')
    .option('--json', 'print JSON')
    .action(
      action((opts: { json?: boolean }) => {
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
        if (opts.json) return printJson(results);
        for (const r of results) {
          printLines(`${r.suite}: public key ${r.public_key}`, `  proof  ${r.proof}`, `  valid  ${r.valid}`, `  output ${r.output}`);
        }
      }),
    );
}
