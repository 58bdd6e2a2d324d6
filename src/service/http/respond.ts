/**
 * Writing responses: JSON bodies, the `{ error: { code, message } }` form, and the
 * mapping from any thrown value to a status (coded errors keep their code; anything
 * else is a 500 INTERNAL_ERROR whose message reveals nothing).
 */
import type { ServerResponse } from 'node:http';
import { CardanoVrfError } from '../../vrf/errors.js';
import { ServiceError, ServiceErrorCode, statusForCode } from '../errors.js';

/** Sends `value` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded) return;
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/** Sends plain text (the metrics exposition). */
export function sendText(res: ServerResponse, status: number, text: string, contentType: string): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** The HTTP form of an error: status, code, message, headers. */
export function describeError(err: unknown): { status: number; code: string; message: string; headers: Record<string, string> } {
  if (err instanceof ServiceError) return { status: err.status, code: err.code, message: err.message, headers: err.headers };
  if (err instanceof CardanoVrfError) return { status: statusForCode(err.code), code: err.code, message: err.message, headers: {} };
  return { status: 500, code: ServiceErrorCode.INTERNAL_ERROR, message: 'internal error', headers: {} };
}

/** Sends `{ error: { code, message } }` for any thrown value. */
export function sendError(res: ServerResponse, err: unknown): { status: number; code: string } {
  const d = describeError(err);
  sendJson(res, d.status, { error: { code: d.code, message: d.message } }, d.headers);
  return { status: d.status, code: d.code };
}
