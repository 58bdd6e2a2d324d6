import type { Command } from 'commander';
import { vrfFor } from '../../vrf/index.js';
import { suiteOption, parseSuite } from '../common/suiteOption.js';
import { parseHexFlag, toHex } from '../common/hex.js';
import { CliFailure, action, printJson, printLines } from '../common/output.js';

interface VerifyOptions {
  suite: string;
  publicKey?: string;
  proof?: string;
  alpha?: string;
  json?: boolean;
}

/** `vrf verify`: exit 0 and the output when valid, exit 1 when the proof is invalid, 2 on usage errors. */
export function registerVerify(vrf: Command): void {
  vrf
    .command('verify')
    .description('Verify a proof; prints the 64-byte output. Exit 0 valid, 1 invalid, 2 usage error')
    .addOption(suiteOption())
    .requiredOption('--public-key <hex>', '32-byte public key in hex')
    .requiredOption('--proof <hex>', 'proof in hex (80 bytes for draft03, 128 for draft13)')
    .requiredOption('--alpha <hex>', 'the VRF input in hex (may be empty: --alpha "")')
    .option('--json', 'print JSON')
    .action(
      action((opts: VerifyOptions) => {
        const suite = parseSuite(opts.suite);
        const vrf = vrfFor(suite);
        const pk = parseHexFlag(opts.publicKey, '--public-key');
        const proof = parseHexFlag(opts.proof, '--proof');
        const alpha = parseHexFlag(opts.alpha, '--alpha');
        const output = vrf.verify(pk, proof, alpha);
        if (output === null) {
          if (opts.json) {
            printJson({ suite, valid: false, output: null });
            process.exitCode = 1;
            return;
          }
          let why = 'the proof does not verify';
          if (pk.length !== vrf.PUBLIC_KEY_BYTES) why = `the public key must be ${vrf.PUBLIC_KEY_BYTES} bytes, got ${pk.length}`;
          else if (proof.length !== vrf.PROOF_BYTES) why = `a ${suite} proof is ${vrf.PROOF_BYTES} bytes, got ${proof.length}`;
          throw new CliFailure('VRF_INVALID_PROOF', `invalid: ${why}`);
        }
        if (opts.json) printJson({ suite, valid: true, output: toHex(output) });
        else printLines(`valid`, `output:  ${toHex(output)}`);
      }),
    );
}
