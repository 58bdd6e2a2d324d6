/** `cardano-vrf key generate --out-dir D`: a new VRF key pair as vrf.skey (0600) and vrf.vkey. */
import { promises as fs } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { join } from 'node:path';
import type { Command } from 'commander';
import { signingKeyFileBytes, verificationKeyEnvelope, vrfKeyInfo } from '../../cardano/index.js';
import { writeTextEnvelope } from '../../cardano/node.js';
import { draft03 } from '../../vrf/index.js';
import { CliFailure, action, printJson, printLines } from '../common/output.js';

/** Declares `key generate`. */
export function registerGenerate(key: Command): void {
  key
    .command('generate')
    .description('Generate a VRF key pair: <dir>/vrf.skey (mode 0600) and <dir>/vrf.vkey; never overwrites')
    .requiredOption('--out-dir <dir>', 'directory for vrf.skey and vrf.vkey (created with mode 0700 if missing)')
    .option('--json', 'print JSON')
    .action(
      action(async (flags: { outDir: string; json?: boolean }) => {
        try {
          await fs.mkdir(flags.outDir, { recursive: true, mode: 0o700 });
        } catch (err) {
          throw new CliFailure('KEY_FILE_IO', `cannot create ${flags.outDir}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
        }
        const skeyPath = join(flags.outDir, 'vrf.skey');
        const vkeyPath = join(flags.outDir, 'vrf.vkey');
        for (const p of [skeyPath, vkeyPath]) {
          if (await fs.lstat(p).then(() => true, () => false)) throw new CliFailure('KEY_FILE_EXISTS', `${p} already exists`);
        }
        const seed = webcrypto.getRandomValues(new Uint8Array(32));
        const kp = draft03.keypairFromSeed(seed);
        seed.fill(0);
        try {
          await writeTextEnvelope(skeyPath, signingKeyFileBytes(kp.secretKey), { mode: 0o600 });
          try {
            await writeTextEnvelope(vkeyPath, verificationKeyEnvelope(kp.publicKey), { mode: 0o644 });
          } catch (err) {
            await fs.unlink(skeyPath).catch(() => undefined); // no half-written pair
            throw err;
          }
        } finally {
          kp.secretKey.fill(0);
        }
        const info = { signing_key_file: skeyPath, verification_key_file: vkeyPath, ...vrfKeyInfo(kp.publicKey) };
        if (flags.json) printJson(info);
        else printLines(...Object.entries(info).map(([k, v]) => `${(k + ':').padEnd(24)}${v}`));
      }),
    );
}
