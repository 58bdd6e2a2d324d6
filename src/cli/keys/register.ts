import type { Command } from 'commander';
import { registerGenerate } from './generate.js';
import { registerImport } from './import.js';
import { registerList } from './list.js';
import { registerPublicKey } from './publicKey.js';
import { registerDelete } from './delete.js';
import { registerExportVkey } from './exportVkey.js';
import { registerBackup } from './backup.js';
import { registerRestore } from './restore.js';
import { registerVerify } from './verify.js';
import { registerProtect } from './protect.js';

/** The `keys` command group: key lifecycle on the configured custody backend. */
export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description('Key lifecycle on the configured backend (--config FILE, $CARDANO_VRF_CONFIG, or the software keystore)');
  registerGenerate(keys);
  registerImport(keys);
  registerList(keys);
  registerPublicKey(keys);
  registerDelete(keys);
  registerProtect(keys);
  registerExportVkey(keys);
  registerBackup(keys);
  registerRestore(keys);
  registerVerify(keys);
}
