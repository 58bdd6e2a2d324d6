import type { Command } from 'commander';
import { action, printJson, printLines } from '../common/output.js';
import { keyIdFlag, keyJson, withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';

interface Flags extends BackendFlags {
  keyId?: string;
}

/** `keys public-key --key-id ID`: the 32-byte verification key (hex). */
export function registerPublicKey(keys: Command): void {
  withBackendOptions(
    keys.command('public-key').description("Print a key's verification key").requiredOption('--key-id <id>', 'key id'),
  ).action(
    action(async (flags: Flags) => {
      const keyId = keyIdFlag(flags.keyId);
      const k = keyJson(await withBackend(flags, (b) => b.getKey(keyId)));
      if (flags.json) printJson(k);
      else printLines(k.public_key);
    }),
  );
}
