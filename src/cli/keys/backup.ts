import type { Command } from 'commander';
import { createBackup } from '../../custody/backup.js';
import { CardanoVrfError } from '../../vrf/errors.js';
import { UsageError, action, printJson, printLines } from '../common/output.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';
import { backupPassphrase, BACKUP_PASSPHRASE_ENV } from './backupPassphrase.js';

interface Flags extends BackendFlags {
  out?: string;
  passphraseFile?: string;
}

/**
 * `keys backup --out FILE`: an encrypted archive of the keystore (software: the keys;
 * HSM/cloud: the wrapped envelopes, useless without the HSM). Audited.
 */
export function registerBackup(keys: Command): void {
  withBackendOptions(
    keys
      .command('backup')
      .description('Write an encrypted archive of the keystore (HSM backends: wrapped envelopes, useless without the HSM)')
      .requiredOption('--out <file>', 'archive to create (mode 0600; never replaces a file)')
      .option('--passphrase-file <file>', `file holding the backup passphrase (default: $${BACKUP_PASSPHRASE_ENV})`),
  ).action(
    action(async (flags: Flags) => {
      if (!flags.out) throw new UsageError('missing --out');
      const out = flags.out;
      const pass = await backupPassphrase(flags.passphraseFile);
      try {
        const r = await withBackend(flags, async (b, config) => {
          try {
            const res = await createBackup(config, out, pass);
            await b.record({ operation: 'backup', result: 'ok', detail: { keys: res.keyIds.length, skipped: res.problems.length } });
            return res;
          } catch (err) {
            await b.record({ operation: 'backup', result: 'failure', code: err instanceof CardanoVrfError ? err.code : 'INTERNAL_ERROR' }).catch(() => undefined);
            throw err;
          }
        });
        for (const p of r.problems) process.stderr.write(`warning: key file ${p.file} not included [${p.code}]: ${p.message}\n`);
        if (flags.json) printJson({ file: r.file, backend: r.backend, keys: r.keyIds, problems: r.problems.map((p) => ({ key_id: p.keyId, code: p.code, message: p.message })) });
        else printLines(`wrote ${r.file}: ${r.keyIds.length} key(s) from the ${r.backend} keystore`);
      } finally {
        pass.fill(0);
      }
    }),
  );
}
