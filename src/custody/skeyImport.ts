/**
 * Reads the seed to import from an {@link ImportSource}: raw 32 bytes, or a cardano-cli
 * VRF signing-key file (TextEnvelope `VrfSigningKey_PraosVRF`, cborHex 5840 ‖ seed ‖ vk),
 * parsed by the Cardano layer (readVrfKeyFile, which checks the vk against the seed).
 * The file is only read, never modified.
 */
import type { ImportSource } from './backend.js';
import { CustodyError, CustodyErrorCode } from './errors.js';
import { assertSeed } from './seedKeys.js';
import { readVrfKeyFile } from '../cardano/keyFileIo.js';
import { CardanoError } from '../cardano/errors.js';

/**
 * The seed an import source designates, as a fresh copy the caller zeroes.
 * SKEY_INVALID (the message carries the key-file code: KEY_FILE_IO, KEY_FILE_BAD_JSON,
 * KEY_FILE_WRONG_TYPE, KEY_FILE_BAD_CBOR, KEY_FILE_VK_MISMATCH), BAD_INPUT.
 */
export async function seedFromImportSource(source: ImportSource): Promise<Uint8Array> {
  if (source instanceof Uint8Array) {
    assertSeed(source);
    return Uint8Array.from(source);
  }
  if (typeof source !== 'object' || source === null || typeof source.skeyFile !== 'string') {
    throw new CustodyError(CustodyErrorCode.BAD_INPUT, 'import source must be a 32-byte seed or { skeyFile }');
  }
  const file = source.skeyFile;
  let key;
  try {
    key = await readVrfKeyFile(file, 'signing');
  } catch (err) {
    if (err instanceof CardanoError) {
      throw new CustodyError(CustodyErrorCode.SKEY_INVALID, `${file}: [${err.code}] ${err.message}`, { cause: err });
    }
    throw err;
  }
  if (key.kind !== 'signing') throw new CustodyError(CustodyErrorCode.SKEY_INVALID, `${file}: not a signing key`);
  const seed = key.secretKey.slice(0, 32);
  key.secretKey.fill(0);
  return seed;
}
