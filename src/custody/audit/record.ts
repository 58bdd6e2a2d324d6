/**
 * The audit record format: one JSON object per line, hash-chained.
 *
 * `{"seq":1,"time":"...","actor":"alice","operation":"prove","key_id":"pool1","alpha_sha256":"<hex>|null",
 *   "result":"ok","code":null,"detail":{...}?,"prev":"<64 hex>","hash":"<64 hex>"}`
 *
 * `hash` = SHA-256 (hex) of the record's JSON text without the `hash` field (the writer's
 * key order, as JSON.stringify produces it); `prev` is the previous record's `hash`, or
 * 64 zeros for the first record (`seq` 1). Changing, inserting, deleting or reordering
 * any line therefore breaks the chain at that point.
 */
import { createHash } from 'node:crypto';

/** `prev` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit record as stored. */
export interface AuditRecord {
  seq: number;
  time: string;
  actor: string;
  operation: string;
  key_id: string | null;
  alpha_sha256: string | null;
  result: 'ok' | 'failure';
  code: string | null;
  detail?: Record<string, string | number | boolean>;
  prev: string;
  hash: string;
}

/** The record without its hash, in the canonical field order. */
export type AuditBody = Omit<AuditRecord, 'hash'>;

/** SHA-256 hex of the body's JSON text. */
export function hashBody(body: AuditBody): string {
  return createHash('sha256').update(JSON.stringify(body), 'utf8').digest('hex');
}

/** Builds a body in canonical field order (so writer and verifier agree). */
export function canonicalBody(b: AuditBody): AuditBody {
  return {
    seq: b.seq,
    time: b.time,
    actor: b.actor,
    operation: b.operation,
    key_id: b.key_id,
    alpha_sha256: b.alpha_sha256,
    result: b.result,
    code: b.code,
    ...(b.detail !== undefined ? { detail: b.detail } : {}),
    prev: b.prev,
  };
}

/** Seals a body: returns the full record with its hash. */
export function sealRecord(body: AuditBody): AuditRecord {
  const c = canonicalBody(body);
  return { ...c, hash: hashBody(c) };
}

/** SHA-256 hex of alpha (the only trace of the VRF input kept in the log). */
export function alphaDigest(alpha: Uint8Array): string {
  return createHash('sha256').update(alpha).digest('hex');
}
