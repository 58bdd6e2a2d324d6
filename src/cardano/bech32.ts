/**
 * Bech32 (BIP-173, original checksum constant 1) as Cardano uses it (CIP-5), without
 * BIP-173's 90-character limit (Cardano keys are longer). The VRF prefixes of CIP-5:
 * `vrf_sk` (64-byte signing key seed‖vk), `vrf_vk` (32-byte verification key),
 * `vrf_vkh` (32-byte blake2b-256 key hash).
 */
import { CardanoError, CardanoErrorCode } from './errors.js';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
/** Longest string accepted by {@link bech32Decode} (the Haskell bech32 library's limit). */
const MAX_LENGTH = 1023;

/** CIP-5 prefixes for VRF keys. */
export const VRF_BECH32_PREFIX = { signingKey: 'vrf_sk', verificationKey: 'vrf_vk', keyHash: 'vrf_vkh' } as const;

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GEN[i];
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

function convertBits(data: ArrayLike<number>, from: number, to: number, pad: boolean): number[] | null {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << to) - 1;
  for (let i = 0; i < data.length; i++) {
    acc = (acc << from) | data[i];
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & maxv);
    }
    acc &= (1 << bits) - 1;
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & maxv);
  } else if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) {
    return null;
  }
  return out;
}

/** Encodes `data` under human-readable prefix `hrp` (lower case). */
export function bech32Encode(hrp: string, data: Uint8Array): string {
  if (!/^[\x21-\x7e]+$/.test(hrp) || hrp !== hrp.toLowerCase()) throw new TypeError('bech32 prefix must be lower-case printable ASCII');
  const words = convertBits(data, 8, 5, true)!;
  const chk = polymod([...hrpExpand(hrp), ...words, 0, 0, 0, 0, 0, 0]) ^ 1;
  let out = hrp + '1';
  for (const w of words) out += CHARSET[w];
  for (let i = 0; i < 6; i++) out += CHARSET[(chk >>> (5 * (5 - i))) & 31];
  return out;
}

/** Decodes a bech32 string; null when malformed (mixed case, bad character, bad checksum, bad padding). */
export function bech32Decode(text: string): { hrp: string; data: Uint8Array } | null {
  if (text.length > MAX_LENGTH || text !== text.toLowerCase() && text !== text.toUpperCase()) return null;
  const s = text.toLowerCase();
  const sep = s.lastIndexOf('1');
  if (sep < 1 || sep + 7 > s.length) return null;
  const hrp = s.slice(0, sep);
  if (!/^[\x21-\x7e]+$/.test(hrp)) return null;
  const words: number[] = [];
  for (const c of s.slice(sep + 1)) {
    const v = CHARSET.indexOf(c);
    if (v < 0) return null;
    words.push(v);
  }
  if (polymod([...hrpExpand(hrp), ...words]) !== 1) return null;
  const bytes = convertBits(words.slice(0, -6), 5, 8, false);
  return bytes ? { hrp, data: Uint8Array.from(bytes) } : null;
}

/**
 * Decodes a bech32 string that must carry prefix `hrp` and, when given, `length` bytes;
 * CardanoError(BECH32_INVALID) otherwise.
 */
export function bech32DecodeExpect(text: string, hrp: string, length?: number): Uint8Array {
  const d = bech32Decode(text);
  if (!d) throw new CardanoError(CardanoErrorCode.BECH32_INVALID, 'not a valid bech32 string');
  if (d.hrp !== hrp) throw new CardanoError(CardanoErrorCode.BECH32_INVALID, `expected prefix ${hrp}, got ${d.hrp}`);
  if (length !== undefined && d.data.length !== length) {
    throw new CardanoError(CardanoErrorCode.BECH32_INVALID, `expected ${length} bytes, got ${d.data.length}`);
  }
  return d.data;
}
