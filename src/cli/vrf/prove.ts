import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { vrfFor } from '../../vrf/index.js';
import { suiteOption, parseSuite } from '../common/suiteOption.js';
import { parseHexFlag, toHex } from '../common/hex.js';
import { UsageError, action, printJson, printLines } from '../common/output.js';

interface ProveOptions {
  suite: string;
  secretKey?: string;
  secretKeyFile?: string;
  alpha?: string;
  json?: boolean;
}

function readSecretKey(opts: ProveOptions): Uint8Array {
  if (opts.secretKey !== undefined && opts.secretKeyFile !== undefined) {
    throw new UsageError('give --secret-key or --secret-key-file, not both');
  }
  if (opts.secretKeyFile !== undefined) {
    const text = readFileSync(opts.secretKeyFile, 'utf8').trim();
    return parseHexFlag(text, '--secret-key-file contents', 64);
  }
  if (opts.secretKey !== undefined) return parseHexFlag(opts.secretKey, '--secret-key', 64);
  const env = process.env.CARDANO_VRF_SECRET_KEY;
  if (env !== undefined) return parseHexFlag(env.trim(), 'CARDANO_VRF_SECRET_KEY', 64);
  throw new UsageError('missing --secret-key, --secret-key-file or CARDANO_VRF_SECRET_KEY');
}

/** `vrf prove --suite S --secret-key HEX --alpha HEX`: a proof and its output. */
export function registerProve(vrf: Command): void {
  vrf
    .command('prove')
    .description('Prove alpha with a 64-byte secret key (seed ‖ public key)')
    .addOption(suiteOption())
    .option('--secret-key <hex>', '64-byte secret key in hex (visible in the process list: prefer --secret-key-file or CARDANO_VRF_SECRET_KEY)')
    .option('--secret-key-file <file>', 'file holding the 64-byte secret key in hex')
    .requiredOption('--alpha <hex>', 'the VRF input in hex (may be empty: --alpha "")')
    .option('--json', 'print JSON')
    .action(
      action((opts: ProveOptions) => {
        const vrf = vrfFor(parseSuite(opts.suite));
        const sk = readSecretKey(opts);
        const alpha = parseHexFlag(opts.alpha, '--alpha');
        try {
          const proof = vrf.prove(sk, alpha);
          const output = vrf.proofToHash(proof)!;
          const result = { suite: opts.suite, proof: toHex(proof), output: toHex(output) };
          if (opts.json) printJson(result);
          else printLines(`proof:   ${result.proof}`, `output:  ${result.output}`);
        } finally {
          sk.fill(0);
        }
      }),
    );
}
