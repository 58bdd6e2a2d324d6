/** `cardano-vrf key inspect FILE`: type, vk, key hash and bech32 forms of a VRF key file (never the secret). */
import type { Command } from 'commander';
import { vrfKeyInfo } from '../../cardano/index.js';
import { readVrfKeyFile } from '../../cardano/node.js';
import { action, printJson, printLines } from '../common/output.js';

/** Declares `key inspect`. */
export function registerInspect(key: Command): void {
  key
    .command('inspect')
    .description('Show the type, verification key, key hash and bech32 forms of a VRF key file')
    .argument('<file>', 'VrfSigningKey_PraosVRF or VrfVerificationKey_PraosVRF TextEnvelope file')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, flags: { json?: boolean }) => {
        const key = await readVrfKeyFile(file);
        if (key.kind === 'signing') key.secretKey.fill(0);
        const info = {
          type: key.kind === 'signing' ? 'VrfSigningKey_PraosVRF' : 'VrfVerificationKey_PraosVRF',
          ...vrfKeyInfo(key.publicKey),
        };
        if (flags.json) printJson(info);
        else printLines(...Object.entries(info).map(([k, v]) => `${(k + ':').padEnd(16)}${v}`));
      }),
    );
}
