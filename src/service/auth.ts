/**
 * Bearer-token authentication. Tokens are stored as SHA-256 hashes; a presented token
 * is hashed and compared against every configured hash with crypto.timingSafeEqual
 * (all of them, no early exit), so timing reveals neither which token matched nor
 * how many bytes did.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role, TokenConfig } from './config.js';

/** The outcome of checking an Authorization header. */
export type AuthResult =
  | { ok: true; token: TokenConfig }
  | { ok: false; reason: 'missing' | 'malformed' | 'unknown' };

/** SHA-256 of a token string (UTF-8), lower-case hex: the form stored in the configuration. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh random token: `cvrf_` + 32 random bytes in base64url (43 characters). */
export function newToken(): string {
  return 'cvrf_' + randomBytes(32).toString('base64url');
}

/** Parses `Authorization: Bearer <token>` and finds the matching configured token. */
export function authenticate(header: string | undefined, tokens: readonly TokenConfig[]): AuthResult {
  if (header === undefined || header.length === 0) return { ok: false, reason: 'missing' };
  const m = /^Bearer +([\x21-\x7e]{1,512})\s*$/i.exec(header);
  if (!m) return { ok: false, reason: 'malformed' };
  const digest = createHash('sha256').update(m[1], 'utf8').digest();
  let found: TokenConfig | undefined;
  for (const t of tokens) {
    // Always compare against every token; never break early.
    if (timingSafeEqual(digest, t.sha256) && found === undefined) found = t;
  }
  digest.fill(0);
  return found ? { ok: true, token: found } : { ok: false, reason: 'unknown' };
}

/** True when the token carries `role`. */
export function hasRole(token: TokenConfig, role: Role): boolean {
  return token.roles.includes(role);
}
