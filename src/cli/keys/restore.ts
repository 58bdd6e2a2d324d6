import type { Command } from 'commander';
import { restoreBackup } from '../../custody/backup.js';
import { CardanoVrfError } from '../../vrf/errors.js';
import { UsageError, action, printJson, printLines } from '../common/output.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';
import { backupPassphrase, BACKUP_PASSPHRASE_ENV } from './backupPassphrase.js';

interface Flags extends BackendFlags {
  in?: string;
  passphraseFile?: string;
}

/** `keys restore --in FILE`: restores an archive; existing key ids are skipped, never overwritten. Audited. */
export function registerRestore(keys: Command): void {
  withBackendOptions(
    keys
      .command('restore')
      .description('Restore keys from an archive made by keys backup (existing ids are skipped)')
      .requiredOption('--in <file>', 'archive to restore')
      .option('--passphrase-file <file>', `file holding the backup passphrase (default: $${BACKUP_PASSPHRASE_ENV})`),
  ).action(
    action(async (flags: Flags) => {
      if (!flags.in) throw new UsageError('missing --in');
      const file = flags.in;
      const pass = await backupPassphrase(flags.passphraseFile);
      try {
        const r = await withBackend(flags, async (b, config) => {
          try {
            const res = await restoreBackup(config, file, pass);
            await b.record({ operation: 'restore', result: 'ok', detail: { restored: res.restored.length, skipped: res.skipped.length } });
            return res;
          } catch (err) {
            await b.record({ operation: 'restore', result: 'failure', code: err instanceof CardanoVrfError ? err.code : 'INTERNAL_ERROR' }).catch(() => undefined);
            throw err;
          }
        });
        if (flags.json) printJson(r);
        else {
          printLines(`restored ${r.restored.length} key(s)${r.restored.length ? ': ' + r.restored.join(', ') : ''}`);
          if (r.skipped.length) printLines(`skipped ${r.skipped.length} existing key(s): ${r.skipped.join(', ')}`);
          printLines('run cardano-vrf keys verify to check them');
        }
      } finally {
        pass.fill(0);
      }
    }),
  );
}
