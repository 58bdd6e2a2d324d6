/**
 * Reading and writing VRF key files on disk (Node only; the parsing is keyFile.ts).
 * Writes are atomic: a temporary file in the same directory, created exclusively with
 * the final mode (0600 for signing keys), fsynced, then renamed into place.
 */
import { constants, promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { CardanoError, CardanoErrorCode } from './errors.js';
import { envelopeToJson, parseVrfKeyFile, type TextEnvelope, type VrfKeyFile } from './keyFile.js';

/** Largest key file read (a TextEnvelope is a few hundred bytes). */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Reads and parses a VRF key file. Throws CardanoError: KEY_FILE_IO (missing, unreadable,
 * too large) or the codes of {@link parseVrfKeyFile}.
 */
export async function readVrfKeyFile(path: string, expect?: 'signing' | 'verification'): Promise<VrfKeyFile> {
  let buf: Buffer;
  try {
    const st = await fs.stat(path);
    if (!st.isFile()) throw new CardanoError(CardanoErrorCode.KEY_FILE_IO, `${path} is not a regular file`);
    if (st.size > MAX_KEY_FILE_BYTES) throw new CardanoError(CardanoErrorCode.KEY_FILE_IO, `${path} is too large to be a key file`);
    buf = await fs.readFile(path);
  } catch (err) {
    if (err instanceof CardanoError) throw err;
    throw new CardanoError(CardanoErrorCode.KEY_FILE_IO, `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const text = buf.toString('utf8');
  buf.fill(0);
  const r = parseVrfKeyFile(text, expect);
  if (!r.ok) throw r.error;
  return r.key;
}

/**
 * Writes a TextEnvelope to `path` atomically with `mode` (default 0600): `env` as an
 * object, or the file's bytes (e.g. {@link signingKeyFileBytes}, zeroed here after the
 * write). Refuses to replace an existing file unless `overwrite` (KEY_FILE_EXISTS);
 * other failures KEY_FILE_IO. No partial file is left behind.
 */
export async function writeTextEnvelope(
  path: string,
  env: TextEnvelope | Uint8Array,
  opts: { mode?: number; overwrite?: boolean } = {},
): Promise<void> {
  const mode = opts.mode ?? 0o600;
  if (!opts.overwrite) {
    try {
      await fs.lstat(path);
      throw new CardanoError(CardanoErrorCode.KEY_FILE_EXISTS, `${path} already exists`);
    } catch (err) {
      if (err instanceof CardanoError) throw err;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new CardanoError(CardanoErrorCode.KEY_FILE_IO, `cannot check ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    }
  }
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const data = env instanceof Uint8Array ? env : new TextEncoder().encode(envelopeToJson(env));
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    await handle.chmod(mode); // the umask may have narrowed or the platform ignored the create mode
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (opts.overwrite) await fs.rename(tmp, path);
    else {
      // link fails if the name appeared meanwhile, so an existing file is never replaced.
      await fs.link(tmp, path);
      await fs.unlink(tmp);
    }
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CardanoError(CardanoErrorCode.KEY_FILE_EXISTS, `${path} already exists`);
    }
    throw new CardanoError(CardanoErrorCode.KEY_FILE_IO, `cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  } finally {
    data.fill(0);
  }
}
