/** The backup passphrase: `--passphrase-file FILE` (mode 0600) or CARDANO_VRF_BACKUP_PASSPHRASE; never argv. */
import { readPassphrase } from '../../custody/software/passphrase.js';

/** Environment variable holding the backup passphrase. */
export const BACKUP_PASSPHRASE_ENV = 'CARDANO_VRF_BACKUP_PASSPHRASE';

/** Reads the backup passphrase (caller zeroes). PASSPHRASE_REQUIRED when neither source is given. */
export async function backupPassphrase(file: string | undefined): Promise<Uint8Array> {
  const p = await readPassphrase(file ? { passphrase_file: file } : { passphrase_env: BACKUP_PASSPHRASE_ENV }, process.env);
  return p!;
}
