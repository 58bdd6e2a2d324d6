import type { Command } from 'commander';
import { draft03 } from '../../vrf/index.js';
import { parseHexFlag, toHex } from '../common/hex.js';
import { action, printJson, printLines } from '../common/output.js';

interface KeygenOptions {
  seed?: string;
  json?: boolean;
}

/** `vrf keygen [--seed HEX]`: a key pair from a seed, or from a fresh random seed. */
export function registerKeygen(vrf: Command): void {
  vrf
    .command('keygen')
    .description('Derive a VRF key pair (the same for both suites) from a 32-byte seed, or a random one')
    .option('--seed <hex>', '32-byte seed in hex (default: 32 random bytes)')
    .option('--json', 'print JSON')
    .action(
      action((opts: KeygenOptions) => {
        const seed = opts.seed === undefined ? crypto.getRandomValues(new Uint8Array(32)) : parseHexFlag(opts.seed, '--seed', 32);
        const { secretKey, publicKey } = draft03.keypairFromSeed(seed);
        const result = { seed: toHex(seed), secret_key: toHex(secretKey), public_key: toHex(publicKey) };
        seed.fill(0);
        secretKey.fill(0);
        if (opts.json) printJson(result);
        else printLines(`seed:        ${result.seed}`, `secret key:  ${result.secret_key}`, `public key:  ${result.public_key}`);
      }),
    );
}
