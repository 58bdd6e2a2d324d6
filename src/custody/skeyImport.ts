/**
 * Reads the seed to import from an {@link ImportSource}: raw 32 bytes, or a cardano-cli
 * VRF signing-key file (TextEnvelope `{"type":"VrfSigningKey_PraosVRF","cborHex":"5840<seed><vk>"}`).
 * The file is only read, never modified; its verification key must match the seed.
 */
import { readFile } from 'node:fs/promises';
import type { ImportSource } from './backend.js';
import { CustodyError, CustodyErrorCode } from './errors.js';
import { assertSeed, publicKeyOfSeed, sameBytes } from './seedKeys.js';

const SKEY_TYPES = new Set(['VrfSigningKey_PraosVRF', 'VrfSigningKey_PraosBatchCompatVRF']);
const MAX_SKEY_BYTES = 64 * 1024;

function bad(file: string, why: string): CustodyError {
  return new CustodyError(CustodyErrorCode.SKEY_INVALID, `${file}: ${why}`);
}

/**
 * Parses vrf.skey text into its 32-byte seed (fresh copy, the caller zeroes it).
 * SKEY_INVALID when it is not a VRF signing-key TextEnvelope, the CBOR is not a
 * 64-byte string, or the embedded verification key does not belong to the seed.
 */
export function parseVrfSkey(text: string, file = 'vrf.skey'): Uint8Array {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad(file, 'not valid JSON');
  }
  if (typeof doc !== 'object' || doc === null) throw bad(file, 'not a TextEnvelope object');
  const { type, cborHex } = doc as { type?: unknown; cborHex?: unknown };
  if (typeof type !== 'string' || !SKEY_TYPES.has(type)) throw bad(file, `type must be VrfSigningKey_PraosVRF, got ${JSON.stringify(String(type)).slice(0, 60)}`);
  if (typeof cborHex !== 'string' || !/^5840[0-9a-fA-F]{128}$/.test(cborHex)) {
    throw bad(file, 'cborHex must be 5840 followed by 64 bytes (seed ‖ verification key)');
  }
  const raw = Buffer.from(cborHex.slice(4), 'hex');
  const seed = Uint8Array.from(raw.subarray(0, 32));
  const vk = Uint8Array.from(raw.subarray(32));
  raw.fill(0);
  if (!sameBytes(publicKeyOfSeed(seed), vk)) {
    seed.fill(0);
    throw bad(file, 'the verification key in the file does not match its seed');
  }
  return seed;
}

/** The seed an import source designates, as a fresh copy the caller zeroes. SKEY_INVALID, BAD_INPUT. */
export async function seedFromImportSource(source: ImportSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) {
    assertSeed(source);
    return Uint8Array.from(source);
  }
  if (typeof source !== 'object' || source === null || typeof source.skeyFile !== 'string') {
    throw new CustodyError(CustodyErrorCode.BAD_INPUT, 'import source must be a 32-byte seed or { skeyFile }');
  }
  const file = source.skeyFile;
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    throw bad(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    if (buf.length > MAX_SKEY_BYTES) throw bad(file, 'file too large for a key file');
    return parseVrfSkey(buf.toString('utf8'), file);
  } finally {
    buf.fill(0);
  }
}
