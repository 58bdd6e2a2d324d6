/**
 * Verifies a hash-chained audit log (see record.ts): every line must parse, carry the
 * next sequence number, link to the previous record's hash and hash to its own `hash`.
 * Detects edits, insertions, deletions, reordering and truncation at the start or in
 * the middle. Truncation of the tail cannot be seen from the file alone: keep a `head`
 * (the last hash) elsewhere and pass it later as `anchor`; the log must still contain a
 * valid record with that hash ('missing-anchor' otherwise).
 */
import { readFile } from 'node:fs/promises';
import { canonicalBody, GENESIS_HASH, hashBody, type AuditBody } from './record.js';

/** One problem found in the log, by 1-based line number. */
export interface AuditProblem {
  line: number;
  kind: 'unparsable' | 'bad-hash' | 'broken-link' | 'bad-sequence' | 'torn-tail' | 'missing-anchor';
  message: string;
}

/** Outcome of {@link verifyAuditLog}. `ok` only when `problems` is empty. */
export interface AuditVerification {
  ok: boolean;
  /** Number of lines that parsed as records. */
  records: number;
  /** Hash of the last valid record (GENESIS_HASH for an empty log). */
  head: string;
  problems: AuditProblem[];
}

const HEX64 = /^[0-9a-f]{64}$/;

function asBody(v: unknown): { body: AuditBody; hash: string } | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.hash !== 'string' || !HEX64.test(o.hash)) return null;
  if (typeof o.prev !== 'string' || !HEX64.test(o.prev)) return null;
  if (typeof o.seq !== 'number' || !Number.isInteger(o.seq)) return null;
  if (typeof o.time !== 'string' || typeof o.actor !== 'string' || typeof o.operation !== 'string') return null;
  if (o.result !== 'ok' && o.result !== 'failure') return null;
  for (const k of ['key_id', 'alpha_sha256', 'code'] as const) if (o[k] !== null && typeof o[k] !== 'string') return null;
  if (o.detail !== undefined && (typeof o.detail !== 'object' || o.detail === null)) return null;
  const known = new Set(['seq', 'time', 'actor', 'operation', 'key_id', 'alpha_sha256', 'result', 'code', 'detail', 'prev', 'hash']);
  if (Object.keys(o).some((k) => !known.has(k))) return null;
  const body = canonicalBody(o as unknown as AuditBody);
  return { body, hash: o.hash };
}

/** Options of {@link verifyAuditText}: `anchor`, a head saved earlier that must still be in the log. */
export interface AuditVerifyOptions {
  anchor?: string;
}

/** Verifies log text (see the module comment). Never throws. */
export function verifyAuditText(text: string, opts: AuditVerifyOptions = {}): AuditVerification {
  const problems: AuditProblem[] = [];
  let prev = GENESIS_HASH;
  let expectSeq = 1;
  let records = 0;
  let anchorFound = opts.anchor === undefined || opts.anchor === GENESIS_HASH;
  const anchorCheck = (): void => {
    if (!anchorFound) {
      problems.push({ line: 0, kind: 'missing-anchor', message: `no valid record has the anchor hash ${opts.anchor!.slice(0, 16)}…: records were removed from the end (or the anchor belongs to another log)` });
    }
  };
  if (text.length === 0) {
    anchorCheck();
    return { ok: problems.length === 0, records: 0, head: GENESIS_HASH, problems };
  }
  const torn = !text.endsWith('\n');
  const lines = text.split('\n');
  if (!torn) lines.pop();
  lines.forEach((line, i) => {
    const n = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const rec = parsed === undefined ? null : asBody(parsed);
    if (!rec) {
      const last = torn && i === lines.length - 1;
      problems.push({ line: n, kind: last ? 'torn-tail' : 'unparsable', message: last ? 'incomplete last line (interrupted write)' : 'not an audit record' });
      return;
    }
    records++;
    const { body, hash } = rec;
    if (hashBody(body) !== hash) problems.push({ line: n, kind: 'bad-hash', message: `record ${body.seq} was modified: its hash does not match its content` });
    if (body.prev !== prev) {
      problems.push({
        line: n,
        kind: 'broken-link',
        message: n === 1 ? 'first record does not start the chain (records removed from the start?)' : 'does not link to the previous record (record inserted, removed or modified before it)',
      });
    }
    if (body.seq !== expectSeq) problems.push({ line: n, kind: 'bad-sequence', message: `sequence ${body.seq}, expected ${expectSeq}` });
    if (!anchorFound && hash === opts.anchor && hashBody(body) === hash) anchorFound = true;
    prev = hash;
    expectSeq = body.seq + 1;
  });
  anchorCheck();
  return { ok: problems.length === 0, records, head: prev, problems };
}

/** Reads and verifies an audit log file. A missing or unreadable file is one 'unparsable' problem at line 0. */
export async function verifyAuditLog(file: string, opts: AuditVerifyOptions = {}): Promise<AuditVerification> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, records: 0, head: GENESIS_HASH, problems: [{ line: 0, kind: 'unparsable', message: `cannot read ${file}: ${code}` }] };
  }
  return verifyAuditText(text, opts);
}
