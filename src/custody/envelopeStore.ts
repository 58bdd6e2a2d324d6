/**
 * A directory of envelopes, one file `<key_id>.json` per key, reusable by every
 * seed-wrapping backend (software, PKCS#11, CloudHSM, Key Vault, KMS).
 *
 * The directory is created with mode 0700 and refused (INSECURE_PERMISSIONS) when group
 * or others can access it; files are written with mode 0600 atomically (temp file,
 * fsync, link/rename, directory fsync), so a crash never leaves a partial key. Files
 * with group/other access, symbolic links and malformed envelopes are refused when read.
 */
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { CustodyError, CustodyErrorCode } from './errors.js';
import { parseEnvelope, serializeEnvelope, type Envelope } from './envelope.js';
import { assertKeyId, isValidKeyId } from './keyId.js';
import { ensurePrivateDir, readPrivateFile, removeDeadTemps, removeFileDurable, storageError, TEMP_PREFIX, writeFileAtomic } from './secureFs.js';

/** A file in the store that could not be loaded, as reported by {@link EnvelopeStore.scan}. */
export interface EnvelopeProblem {
  /** Key id taken from the file name. */
  keyId: string;
  file: string;
  code: string;
  message: string;
}

/** Envelopes in a private directory; see the module comment for the guarantees. */
export class EnvelopeStore {
  /** Absolute or relative path of the directory. */
  readonly dir: string;
  private opened = false;

  /** `dir` is created on {@link open} when absent. */
  constructor(dir: string) {
    this.dir = dir;
  }

  /**
   * Creates the directory (0700) if needed and checks its permissions; removes temp files
   * of writers that were killed mid-write. Idempotent.
   */
  async open(): Promise<this> {
    await ensurePrivateDir(this.dir, true);
    if (!this.opened) await removeDeadTemps(this.dir);
    this.opened = true;
    return this;
  }

  private async ready(): Promise<void> {
    if (!this.opened) await this.open();
  }

  /** Path of a key's file (validates the id: BAD_KEY_ID). */
  pathOf(keyId: string): string {
    return join(this.dir, `${assertKeyId(keyId)}.json`);
  }

  /** Reads a key's envelope, or null when absent. ENVELOPE_INVALID, INSECURE_PERMISSIONS. */
  async tryRead(keyId: string): Promise<Envelope | null> {
    await this.ready();
    const file = this.pathOf(keyId);
    const buf = await readPrivateFile(file);
    if (buf === null) return null;
    const env = parseEnvelope(buf.toString('utf8'), file);
    if (env.key_id !== keyId) {
      throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `${file}: key_id "${env.key_id}" does not match the file name`);
    }
    return env;
  }

  /** Reads a key's envelope. KEY_NOT_FOUND when absent. */
  async read(keyId: string): Promise<Envelope> {
    const env = await this.tryRead(keyId);
    if (!env) throw new CustodyError(CustodyErrorCode.KEY_NOT_FOUND, `no key with id "${keyId}"`);
    return env;
  }

  /** True when a file for the key exists (valid or not). */
  async has(keyId: string): Promise<boolean> {
    await this.ready();
    try {
      await fs.lstat(this.pathOf(keyId));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw storageError(`cannot stat key ${keyId}`, err);
    }
  }

  /**
   * Stores a new envelope atomically (mode 0600). KEY_EXISTS when the id is taken,
   * unless `replace` is set (then the file is replaced atomically).
   */
  async write(envelope: Envelope, opts: { replace?: boolean } = {}): Promise<void> {
    await this.ready();
    const file = this.pathOf(envelope.key_id);
    const data = Buffer.from(serializeEnvelope(envelope), 'utf8');
    const placed = await writeFileAtomic(file, data, { exclusive: !opts.replace });
    if (!placed) throw new CustodyError(CustodyErrorCode.KEY_EXISTS, `a key with id "${envelope.key_id}" already exists`);
  }

  /** Deletes a key's file durably. KEY_NOT_FOUND when absent. */
  async remove(keyId: string): Promise<void> {
    await this.ready();
    const removed = await removeFileDurable(this.pathOf(keyId));
    if (!removed) throw new CustodyError(CustodyErrorCode.KEY_NOT_FOUND, `no key with id "${keyId}"`);
  }

  /** Key ids with a file in the store, sorted (temp files and foreign names ignored). */
  async ids(): Promise<string[]> {
    await this.ready();
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      throw storageError(`cannot list ${this.dir}`, err);
    }
    return names
      .filter((n) => n.endsWith('.json') && !n.startsWith(TEMP_PREFIX))
      .map((n) => n.slice(0, -'.json'.length))
      .filter(isValidKeyId)
      .sort();
  }

  /**
   * Loads every envelope; files that fail are reported in `problems` (with their code)
   * instead of aborting the whole listing.
   */
  async scan(): Promise<{ envelopes: Envelope[]; problems: EnvelopeProblem[] }> {
    const envelopes: Envelope[] = [];
    const problems: EnvelopeProblem[] = [];
    for (const keyId of await this.ids()) {
      try {
        const env = await this.tryRead(keyId);
        if (env) envelopes.push(env);
      } catch (err) {
        const e = err instanceof CustodyError ? err : storageError(`cannot read key ${keyId}`, err);
        problems.push({ keyId, file: this.pathOf(keyId), code: e.code, message: e.message });
      }
    }
    return { envelopes, problems };
  }

  /** Every envelope, sorted by id; throws the first problem's error if any file is bad. */
  async list(): Promise<Envelope[]> {
    const { envelopes, problems } = await this.scan();
    const first = problems[0];
    if (first) throw new CustodyError(first.code, first.message);
    return envelopes;
  }
}
