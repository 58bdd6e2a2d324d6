import { UsageError } from './output.js';

/** Parses a hex flag value (optional 0x prefix) into bytes; a usage error names the flag. */
export function parseHexFlag(value: string | undefined, flag: string, length?: number): Uint8Array {
  if (value === undefined) throw new UsageError(`missing ${flag}`);
  const s = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new UsageError(`${flag} must be hex`);
  if (length !== undefined && s.length !== length * 2) {
    throw new UsageError(`${flag} must be ${length} bytes (${length * 2} hex digits), got ${s.length / 2}`);
  }
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
