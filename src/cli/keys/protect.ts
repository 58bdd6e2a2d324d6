import type { Command } from 'commander';
import { setDeletionProtection } from '../../custody/protection.js';
import { CardanoVrfError } from '../../vrf/errors.js';
import { UsageError, action, printJson, printLines } from '../common/output.js';
import { keyIdFlag, keyJson, withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';

interface Flags extends BackendFlags {
  keyId?: string;
  on?: boolean;
  off?: boolean;
}

/** `keys protect --key-id ID (--on | --off)`: sets deletion protection. Audited. */
export function registerProtect(keys: Command): void {
  withBackendOptions(
    keys
      .command('protect')
      .description("Turn a key's deletion protection on or off")
      .requiredOption('--key-id <id>', 'key id')
      .option('--on', 'refuse keys delete for this key')
      .option('--off', 'allow keys delete for this key again'),
  ).action(
    action(async (flags: Flags) => {
      const keyId = keyIdFlag(flags.keyId);
      if (flags.on === flags.off) throw new UsageError('give exactly one of --on or --off');
      const enabled = flags.on === true;
      const m = await withBackend(flags, async (b, config) => {
        try {
          const r = await setDeletionProtection(config, keyId, enabled);
          await b.record({ operation: 'protect', keyId, result: 'ok', detail: { deletion_protection: enabled } });
          return r;
        } catch (err) {
          await b.record({ operation: 'protect', keyId, result: 'failure', code: err instanceof CardanoVrfError ? err.code : 'INTERNAL_ERROR' }).catch(() => undefined);
          throw err;
        }
      });
      if (flags.json) printJson({ ...keyJson(m), deletion_protection: m.deletionProtection });
      else printLines(`${keyId}: deletion protection ${m.deletionProtection ? 'on' : 'off'}`);
    }),
  );
}
