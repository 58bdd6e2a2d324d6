/**
 * Key-id validation. A key id names a file (`<id>.json`), a token object label, and a
 * log field, so it is restricted to a safe charset: 1..64 characters of
 * `[A-Za-z0-9._-]`, starting with a letter or digit (no path separators, no `..`
 * prefix, no hidden files, nothing a shell or a JSON log needs to escape).
 */
import { CustodyError, CustodyErrorCode } from './errors.js';

/** The pattern every key id matches. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** True when `value` is a valid key id. Never throws. */
export function isValidKeyId(value: unknown): value is string {
  return typeof value === 'string' && KEY_ID_PATTERN.test(value);
}

/** Returns `value` when it is a valid key id; throws CustodyError(BAD_KEY_ID) otherwise. */
export function assertKeyId(value: unknown): string {
  if (!isValidKeyId(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
    throw new CustodyError(
      CustodyErrorCode.BAD_KEY_ID,
      `invalid key id ${shown}: use 1-64 characters [A-Za-z0-9._-], starting with a letter or digit`,
    );
  }
  return value;
}
