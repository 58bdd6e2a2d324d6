/**
 * Byte helpers the Cardano layer adds to the core's (src/vrf/bytes.ts), runtime-agnostic
 * (no Buffer, no node:*).
 */
export { bytesEqual, bytesToHex, concatBytes } from '../vrf/bytes.js';

/** Parses even-length hex (an optional 0x prefix allowed) into bytes; null when it is not hex. */
export function parseHex(hex: string): Uint8Array | null {
  const s = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The 8-byte big-endian encoding of an integer in [0, 2^64) (Haskell `word64BE`); RangeError otherwise. */
export function u64be(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  if (v < 0n || v >= 1n << 64n) throw new RangeError(`u64 out of range: ${value}`);
  const out = new Uint8Array(8);
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Reads `bytes` as a big-endian natural number (cardano-crypto's `bytesToNatural`). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes[i].toString(16).padStart(2, '0');
  return hex.length === 0 ? 0n : BigInt('0x' + hex);
}
