/**
 * File-system primitives for key material: private directories (0700), private files
 * (0600), atomic durable writes (temp file, fsync, rename or link, directory fsync) and
 * permission checks that refuse group- or other-accessible paths.
 */
import { constants as fsc } from 'node:fs';
import * as fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { CustodyError, CustodyErrorCode } from './errors.js';

/** Prefix of temporary files; readers ignore names starting with it. */
export const TEMP_PREFIX = '.tmp-';

function uid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}

/** Throws INSECURE_PERMISSIONS unless `st` is owned by this user and has no group/other bits. */
export function assertPrivateStat(path: string, st: { mode: number; uid: number }, kind: 'directory' | 'file'): void {
  if ((st.mode & 0o077) !== 0) {
    const want = kind === 'directory' ? '0700' : '0600';
    throw new CustodyError(
      CustodyErrorCode.INSECURE_PERMISSIONS,
      `${kind} ${path} has mode ${octal(st.mode)}: group or others can access it; run chmod ${want} ${path}`,
    );
  }
  const me = uid();
  if (me !== undefined && st.uid !== me) {
    throw new CustodyError(
      CustodyErrorCode.INSECURE_PERMISSIONS,
      `${kind} ${path} is owned by uid ${st.uid}, not by the current user (uid ${me})`,
    );
  }
}

/**
 * Creates `dir` (and parents) with mode 0700 when absent, then checks that it is a
 * directory owned by this user with no group/other access. INSECURE_PERMISSIONS or
 * STORAGE_ERROR otherwise.
 */
export async function ensurePrivateDir(dir: string, create = true): Promise<void> {
  if (create) {
    try {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw storageError(`cannot create directory ${dir}`, err);
    }
  }
  let st;
  try {
    st = await fs.lstat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CustodyError(CustodyErrorCode.BACKEND_UNAVAILABLE, `directory ${dir} does not exist`);
    }
    throw storageError(`cannot stat ${dir}`, err);
  }
  if (!st.isDirectory()) {
    throw new CustodyError(CustodyErrorCode.INSECURE_PERMISSIONS, `${dir} is not a directory (symbolic links are refused)`);
  }
  assertPrivateStat(dir, st, 'directory');
}

/**
 * Reads a private file: refuses symbolic links, non-regular files and files with
 * group/other access (INSECURE_PERMISSIONS). Returns null when the file does not exist.
 */
export async function readPrivateFile(path: string): Promise<Buffer | null> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(path, fsc.O_RDONLY | fsc.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') {
      throw new CustodyError(CustodyErrorCode.INSECURE_PERMISSIONS, `${path} is a symbolic link; refusing to follow it`);
    }
    throw storageError(`cannot open ${path}`, err);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new CustodyError(CustodyErrorCode.INSECURE_PERMISSIONS, `${path} is not a regular file`);
    assertPrivateStat(path, st, 'file');
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** True when a process with this pid exists (EPERM counts as alive). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files (`.tmp-<name>-<pid>-<hex>`) in `dir` left by writers that were
 * killed (their pid no longer exists). Returns how many were removed. Never throws.
 */
export async function removeDeadTemps(dir: string): Promise<number> {
  let removed = 0;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    if (!n.startsWith(TEMP_PREFIX)) continue;
    const m = /-(\d+)-[0-9a-f]{12}$/.exec(n);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || pidAlive(pid)) continue;
    try {
      await fs.unlink(join(dir, n));
      removed++;
    } catch {
      // raced with another cleaner, or not ours to remove
    }
  }
  return removed;
}

/** fsyncs a directory so a rename/link/unlink inside it is durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, fsc.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Writes `data` to `path` atomically and durably, mode 0600: a temp file in the same
 * directory is written and fsynced, then moved into place and the directory fsynced.
 * With `exclusive`, the move is a hard link that fails when `path` exists (returns
 * false, nothing changed); otherwise a rename that replaces it. A crash at any point
 * leaves either the old state or the complete new file (plus, at worst, a stray temp
 * file, which readers ignore).
 */
export async function writeFileAtomic(path: string, data: Uint8Array, opts: { exclusive: boolean }): Promise<boolean> {
  const dir = dirname(path);
  const tmp = join(dir, `${TEMP_PREFIX}${basename(path)}-${process.pid}-${randomBytes(6).toString('hex')}`);
  let placed = false;
  try {
    const fh = await fs.open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (opts.exclusive) {
      try {
        await fs.link(tmp, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw err;
      }
    } else {
      await fs.rename(tmp, path);
    }
    placed = true;
    await fsyncDir(dir);
    return true;
  } catch (err) {
    if (err instanceof CustodyError) throw err;
    throw storageError(`cannot write ${path}`, err);
  } finally {
    if (opts.exclusive || !placed) await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Removes `path` durably (unlink, then directory fsync). Returns false when absent. */
export async function removeFileDurable(path: string): Promise<boolean> {
  try {
    await fs.unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw storageError(`cannot remove ${path}`, err);
  }
  await fsyncDir(dirname(path));
  return true;
}

/** Wraps an I/O error as STORAGE_ERROR, keeping only its errno code in the message. */
export function storageError(what: string, err: unknown): CustodyError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
  return new CustodyError(CustodyErrorCode.STORAGE_ERROR, `${what}: ${code}`, { cause: err });
}
