/**
 * Request bodies: read with a size cap (413 BODY_TOO_LARGE, decided from
 * Content-Length before reading when possible), parsed as a JSON object (400 BAD_JSON),
 * with hex and integer field readers that answer 400 with a precise code.
 */
import type { IncomingMessage } from 'node:http';
import { ServiceError, ServiceErrorCode as C } from '../errors.js';

/** Reads the whole body, refusing more than `limit` bytes with 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(new ServiceError(413, C.BODY_TOO_LARGE, `request body exceeds ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(new ServiceError(413, C.BODY_TOO_LARGE, `request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(new ServiceError(400, C.BAD_REQUEST, `request body could not be read: ${err.message}`));
    });
    req.on('aborted', () => {
      if (done) return;
      done = true;
      reject(new ServiceError(400, C.BAD_REQUEST, 'request aborted'));
    });
  });
}

/** Parses a JSON object body; only `allowed` fields may appear. */
export function parseJsonObject(body: Buffer, contentType: string | undefined, allowed: readonly string[]): Record<string, unknown> {
  if (contentType !== undefined && !/^application\/json\s*(;.*)?$/i.test(contentType)) {
    throw new ServiceError(415, C.UNSUPPORTED_MEDIA_TYPE, 'Content-Type must be application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ServiceError(400, C.BAD_JSON, 'request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ServiceError(400, C.BAD_JSON, 'request body must be a JSON object');
  }
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ServiceError(400, C.BAD_REQUEST, `unknown field "${k.slice(0, 64)}" (expected ${allowed.join(', ')})`);
  }
  return o;
}

/** Reads a hex string field (optional 0x prefix) into bytes, of exactly `length` bytes when given. */
export function hexField(o: Record<string, unknown>, name: string, length?: number): Uint8Array {
  const v = o[name];
  if (v === undefined) throw new ServiceError(400, C.BAD_REQUEST, `missing field "${name}"`);
  if (typeof v !== 'string') throw new ServiceError(400, C.BAD_HEX, `"${name}" must be a hex string`);
  const s = v.startsWith('0x') || v.startsWith('0X') ? v.slice(2) : v;
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new ServiceError(400, C.BAD_HEX, `"${name}" must be an even number of hex digits`);
  if (length !== undefined && s.length !== length * 2) {
    throw new ServiceError(400, C.BAD_LENGTH, `"${name}" must be ${length} bytes (${length * 2} hex digits), got ${s.length / 2}`);
  }
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

/** Largest slot number accepted (the ledger's Word64). */
export const MAX_SLOT = (1n << 64n) - 1n;

/** Reads a slot number: a non-negative JSON integer or a decimal string, up to 2^64 − 1. */
export function slotField(o: Record<string, unknown>, name: string): bigint {
  const v = o[name];
  if (v === undefined) throw new ServiceError(400, C.BAD_REQUEST, `missing field "${name}"`);
  let n: bigint;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) n = BigInt(v);
  else if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) n = BigInt(v);
  else throw new ServiceError(400, C.BAD_SLOT, `"${name}" must be a non-negative integer (a number, or a decimal string for values above 2^53)`);
  if (n > MAX_SLOT) throw new ServiceError(400, C.BAD_SLOT, `"${name}" exceeds 2^64 - 1`);
  return n;
}
