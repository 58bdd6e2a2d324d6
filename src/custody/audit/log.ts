/**
 * The audit log writer: appends hash-chained JSON lines (record.ts) to a file opened
 * append-only with mode 0600. Appends are serialised within the process and, across
 * processes (CLI runs beside a service), by a lock file `<log>.lock` holding the
 * writer's pid (a lock left by a dead process is taken over). Each append re-reads the
 * chain head when another writer moved it, and fsyncs the record before resolving.
 */
import { constants as fsc } from 'node:fs';
import * as fs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CustodyError, CustodyErrorCode } from '../errors.js';
import { assertPrivateStat, pidAlive as alive } from '../secureFs.js';
import type { AuditEvent, AuditSink } from '../context.js';
import { alphaDigest, GENESIS_HASH, sealRecord, type AuditRecord } from './record.js';

/** Options of {@link AuditLog.open}. */
export interface AuditLogOptions {
  /** Default actor when an event names none. */
  actor: string;
  /** Time source for record timestamps (default: the system clock). */
  clock?: () => Date;
  /** fsync after every record (default true). */
  sync?: boolean;
}

const TAIL_BYTES = 64 * 1024;
const LOCK_WAIT_MS = 10_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function unavailable(what: string, err?: unknown): CustodyError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new CustodyError(CustodyErrorCode.AUDIT_UNAVAILABLE, `audit log: ${what}${code ? `: ${code}` : ''}`, { cause: err });
}

/** An append-only, hash-chained audit log file. */
export class AuditLog implements AuditSink {
  readonly file: string;
  private readonly fh: fs.FileHandle;
  private readonly opts: Required<AuditLogOptions>;
  private queue: Promise<void> = Promise.resolve();
  private known: { size: number; hash: string; seq: number } | null = null;
  private closed = false;

  private constructor(file: string, fh: fs.FileHandle, opts: AuditLogOptions) {
    this.file = file;
    this.fh = fh;
    this.opts = { clock: () => new Date(), sync: true, ...opts };
  }

  /**
   * Opens (creating with mode 0600, parent directory 0700 when created) the log file.
   * INSECURE_PERMISSIONS when the file is accessible to group/others or is a symlink;
   * AUDIT_UNAVAILABLE when it cannot be opened.
   */
  static async open(file: string, opts: AuditLogOptions): Promise<AuditLog> {
    try {
      await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 });
    } catch (err) {
      throw unavailable(`cannot create the directory of ${file}`, err);
    }
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(file, fsc.O_WRONLY | fsc.O_APPEND | fsc.O_CREAT | fsc.O_NOFOLLOW, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') {
        throw new CustodyError(CustodyErrorCode.INSECURE_PERMISSIONS, `audit log ${file} is a symbolic link`);
      }
      throw unavailable(`cannot open ${file}`, err);
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new CustodyError(CustodyErrorCode.INSECURE_PERMISSIONS, `audit log ${file} is not a regular file`);
      assertPrivateStat(file, st, 'file');
    } catch (err) {
      await fh.close();
      throw err;
    }
    await removeDeadLockTemps(file);
    return new AuditLog(file, fh, opts);
  }

  /** Appends one record for `event`; resolves when it is written (and fsynced). AUDIT_UNAVAILABLE on failure. */
  record(event: AuditEvent): Promise<void> {
    const run = this.queue.then(() => this.append(event));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for pending records and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.fh.close();
  }

  private async append(event: AuditEvent): Promise<void> {
    if (this.closed) throw unavailable('closed');
    const release = await this.lock();
    try {
      const st = await this.fh.stat();
      let head = this.known && this.known.size === st.size ? this.known : null;
      let needNewline = false;
      if (!head) {
        const t = await this.readHead(st.size);
        head = { size: st.size, hash: t.hash, seq: t.seq };
        needNewline = t.torn;
      }
      const rec: AuditRecord = sealRecord({
        seq: head.seq + 1,
        time: this.opts.clock().toISOString(),
        actor: event.actor ?? this.opts.actor,
        operation: event.operation,
        key_id: event.keyId ?? null,
        alpha_sha256: event.alpha ? alphaDigest(event.alpha) : null,
        result: event.result,
        code: event.code ?? null,
        ...(event.detail ? { detail: event.detail } : {}),
        prev: head.hash,
      });
      const line = Buffer.from(`${needNewline ? '\n' : ''}${JSON.stringify(rec)}\n`, 'utf8');
      await this.fh.write(line);
      if (this.opts.sync) await this.fh.datasync();
      this.known = { size: st.size + line.length, hash: rec.hash, seq: rec.seq };
    } catch (err) {
      if (err instanceof CustodyError) throw err;
      throw unavailable('cannot append', err);
    } finally {
      await release();
    }
  }

  /** Finds the last complete record in the file's tail: its hash and seq. */
  private async readHead(size: number): Promise<{ hash: string; seq: number; torn: boolean }> {
    if (size === 0) return { hash: GENESIS_HASH, seq: 0, torn: false };
    const start = Math.max(0, size - TAIL_BYTES);
    const rfh = await fs.open(this.file, fsc.O_RDONLY | fsc.O_NOFOLLOW);
    try {
      const buf = Buffer.alloc(size - start);
      await rfh.read(buf, 0, buf.length, start);
      const text = buf.toString('utf8');
      const torn = !text.endsWith('\n');
      const lines = text.split('\n').filter((l) => l.length > 0);
      for (let i = lines.length - 1; i >= 0; i--) {
        try {
          const o = JSON.parse(lines[i]!) as Partial<AuditRecord>;
          if (typeof o.hash === 'string' && typeof o.seq === 'number') return { hash: o.hash, seq: o.seq, torn };
        } catch {
          // a torn or foreign line: keep looking backwards
        }
      }
      throw unavailable(`no valid record in the last ${TAIL_BYTES} bytes of ${this.file}; run audit verify`);
    } finally {
      await rfh.close();
    }
  }

  /**
   * Cross-process lock `<file>.lock`, holding the owner's pid. It is placed with link(2)
   * from a temp file already holding the pid, so a lock file is never seen empty; a lock
   * whose pid is dead (the owner was killed) is removed and retried.
   */
  private async lock(): Promise<() => Promise<void>> {
    const lockFile = `${this.file}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    const tmp = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await fs.writeFile(tmp, String(process.pid), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      throw unavailable(`cannot create ${tmp}`, err);
    }
    try {
      for (;;) {
        try {
          await fs.link(tmp, lockFile);
          return async () => {
            await fs.unlink(lockFile).catch(() => undefined);
          };
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unavailable(`cannot create ${lockFile}`, err);
        }
        const text = await fs.readFile(lockFile, 'utf8').catch(() => null);
        if (text === null) continue; // released meanwhile
        const holder = /^\d+$/.test(text) ? Number(text) : NaN;
        const stale = Number.isInteger(holder) ? holder !== process.pid && !alive(holder) : await olderThan(lockFile, 10_000);
        if (stale) {
          await fs.unlink(lockFile).catch(() => undefined);
          continue;
        }
        if (Date.now() > deadline) throw unavailable(`lock ${lockFile} held by pid ${Number.isInteger(holder) ? holder : '?'}`);
        await sleep(5);
      }
    } finally {
      await fs.unlink(tmp).catch(() => undefined);
    }
  }
}

/** Removes `<file>.lock.<pid>.<hex>` temp files left by writers that were killed. */
async function removeDeadLockTemps(file: string): Promise<void> {
  const prefix = `${basename(file)}.lock.`;
  const names = await fs.readdir(dirname(file)).catch(() => [] as string[]);
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]+$/.exec(n.slice(prefix.length));
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) await fs.unlink(join(dirname(file), n)).catch(() => undefined);
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await fs.stat(path)).mtimeMs > ms;
  } catch {
    return false;
  }
}
