/**
 * The keystore passphrase: from an environment variable or a file (mode 0600, one
 * trailing newline ignored), never argv or the configuration file. Returned as UTF-8
 * bytes the caller zeroes.
 */
import { readPrivateFile } from '../secureFs.js';
import { CustodyError, CustodyErrorCode } from '../errors.js';

/** Where a passphrase comes from. */
export interface PassphraseSource {
  passphrase_env?: string;
  passphrase_file?: string;
}

/**
 * Reads the passphrase, or returns null when `source` names none. PASSPHRASE_REQUIRED
 * when the named variable is unset/empty or the file missing/empty;
 * INSECURE_PERMISSIONS when the file is group/other accessible.
 */
export async function readPassphrase(source: PassphraseSource, env: Record<string, string | undefined>): Promise<Uint8Array | null> {
  if (source.passphrase_env) {
    const v = env[source.passphrase_env];
    if (v === undefined || v.length === 0) {
      throw new CustodyError(CustodyErrorCode.PASSPHRASE_REQUIRED, `environment variable ${source.passphrase_env} is not set`);
    }
    return new Uint8Array(Buffer.from(v, 'utf8'));
  }
  if (source.passphrase_file) {
    const buf = await readPrivateFile(source.passphrase_file);
    if (buf === null) throw new CustodyError(CustodyErrorCode.PASSPHRASE_REQUIRED, `passphrase file ${source.passphrase_file} does not exist`);
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 0x0a) end--;
    if (end > 0 && buf[end - 1] === 0x0d) end--;
    const out = Uint8Array.from(buf.subarray(0, end));
    buf.fill(0);
    if (out.length === 0) throw new CustodyError(CustodyErrorCode.PASSPHRASE_REQUIRED, `passphrase file ${source.passphrase_file} is empty`);
    return out;
  }
  return null;
}
