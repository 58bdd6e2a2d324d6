import type { Command } from 'commander';
import { CliFailure, ExitCode, action, printJson, printLines } from '../common/output.js';
import { keyIdFlag, withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';

interface Flags extends BackendFlags {
  keyId?: string;
  yes?: boolean;
}

/** `keys delete --key-id ID --yes`: deletes a key (refused without --yes, or when deletion-protected). */
export function registerDelete(keys: Command): void {
  withBackendOptions(
    keys
      .command('delete')
      .description('Delete a key (irreversible)')
      .requiredOption('--key-id <id>', 'key id')
      .option('--yes', 'confirm the deletion'),
  ).action(
    action(async (flags: Flags) => {
      const keyId = keyIdFlag(flags.keyId);
      if (flags.yes !== true) {
        throw new CliFailure('CONFIRMATION_REQUIRED', `deleting "${keyId}" is irreversible; add --yes to confirm`, ExitCode.USAGE);
      }
      await withBackend(flags, (b) => b.deleteKey(keyId, { confirm: true }));
      if (flags.json) printJson({ key_id: keyId, deleted: true });
      else printLines(`deleted ${keyId}`);
    }),
  );
}
