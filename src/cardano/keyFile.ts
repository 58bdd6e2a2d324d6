/**
 * cardano-cli TextEnvelope key files for VRF keys (PraosVRF), parsed and built in
 * memory (no file system: see keyFileIo.ts for reading and writing files).
 *
 * - Signing key: type `VrfSigningKey_PraosVRF`, description "VRF Signing Key",
 *   cborHex = 5840 ‖ seed (32) ‖ vk (32).
 * - Verification key: type `VrfVerificationKey_PraosVRF`, description "VRF Verification
 *   Key", cborHex = 5820 ‖ vk (32).
 * - Key hash: blake2b-256(vk). Bech32 forms under CIP-5's vrf_sk / vrf_vk / vrf_vkh.
 */
import { draft03 } from '../vrf/index.js';
import { bech32Encode, VRF_BECH32_PREFIX } from './bech32.js';
import { bytesEqual, bytesToHex, parseHex } from './bytes.js';
import { decodeCbor } from './cbor.js';
import { CardanoError, CardanoErrorCode } from './errors.js';
import { blake2b256 } from './inputs.js';

/** TextEnvelope `type` of a VRF signing key. */
export const VRF_SKEY_TYPE = 'VrfSigningKey_PraosVRF';
/** TextEnvelope `type` of a VRF verification key. */
export const VRF_VKEY_TYPE = 'VrfVerificationKey_PraosVRF';

/** A cardano-cli TextEnvelope. */
export interface TextEnvelope {
  type: string;
  description: string;
  cborHex: string;
}

/**
 * A parsed VRF key file. For a signing key, `secretKey` is the 64-byte seed ‖ vk
 * (zero it when done, `.fill(0)`); it has been checked to match its seed.
 */
export type VrfKeyFile =
  | { kind: 'signing'; secretKey: Uint8Array; publicKey: Uint8Array }
  | { kind: 'verification'; publicKey: Uint8Array };

/** Outcome of {@link parseVrfKeyFile}. */
export type KeyFileResult = { ok: true; key: VrfKeyFile } | { ok: false; error: CardanoError };

function fail(code: string, message: string): KeyFileResult {
  return { ok: false, error: new CardanoError(code, message) };
}

/**
 * Parses the text of a VRF key file. Never throws on bad input; the error codes are
 * KEY_FILE_BAD_JSON (not JSON, or not an envelope with string type/cborHex),
 * KEY_FILE_WRONG_TYPE (another key type), KEY_FILE_BAD_CBOR (not hex, not a CBOR byte
 * string, wrong length) and KEY_FILE_VK_MISMATCH (the signing key's vk is not its
 * seed's). `expect` restricts the accepted kind. Error messages never include key bytes.
 */
export function parseVrfKeyFile(text: string, expect?: 'signing' | 'verification'): KeyFileResult {
  let env: unknown;
  try {
    env = JSON.parse(text);
  } catch {
    return fail(CardanoErrorCode.KEY_FILE_BAD_JSON, 'key file is not valid JSON');
  }
  if (!env || typeof env !== 'object' || Array.isArray(env)) {
    return fail(CardanoErrorCode.KEY_FILE_BAD_JSON, 'key file is not a TextEnvelope object');
  }
  const { type, cborHex } = env as Record<string, unknown>;
  if (typeof type !== 'string' || typeof cborHex !== 'string') {
    return fail(CardanoErrorCode.KEY_FILE_BAD_JSON, 'key file lacks string fields "type" and "cborHex"');
  }
  const kind = type === VRF_SKEY_TYPE ? 'signing' : type === VRF_VKEY_TYPE ? 'verification' : null;
  if (kind === null || (expect !== undefined && kind !== expect)) {
    const wanted = expect === 'signing' ? VRF_SKEY_TYPE : expect === 'verification' ? VRF_VKEY_TYPE : `${VRF_SKEY_TYPE} or ${VRF_VKEY_TYPE}`;
    return fail(CardanoErrorCode.KEY_FILE_WRONG_TYPE, `key file type is ${JSON.stringify(type.slice(0, 80))}, expected ${wanted}`);
  }
  const raw = parseHex(cborHex);
  if (!raw) return fail(CardanoErrorCode.KEY_FILE_BAD_CBOR, 'cborHex is not hex');
  const item = decodeCbor(raw);
  raw.fill(0);
  if (!item || item.kind !== 'bytes') return fail(CardanoErrorCode.KEY_FILE_BAD_CBOR, 'cborHex is not a CBOR byte string');
  const want = kind === 'signing' ? 64 : 32;
  if (item.value.length !== want) {
    item.value.fill(0);
    return fail(CardanoErrorCode.KEY_FILE_BAD_CBOR, `cborHex holds ${item.value.length} bytes, a ${kind} key has ${want}`);
  }
  if (kind === 'verification') return { ok: true, key: { kind, publicKey: item.value } };
  const secretKey = item.value;
  const seed = secretKey.slice(0, 32);
  const derived = draft03.keypairFromSeed(seed);
  seed.fill(0);
  derived.secretKey.fill(0);
  const publicKey = secretKey.slice(32);
  if (!bytesEqual(derived.publicKey, publicKey)) {
    secretKey.fill(0);
    return fail(CardanoErrorCode.KEY_FILE_VK_MISMATCH, 'the verification key in the signing key file does not match its seed');
  }
  return { ok: true, key: { kind, secretKey, publicKey } };
}

/** The TextEnvelope of a signing key from its 64-byte seed ‖ vk (the string holds the secret: do not log it). */
export function signingKeyEnvelope(secretKey: Uint8Array): TextEnvelope {
  if (secretKey.length !== 64) throw new CardanoError(CardanoErrorCode.KEY_FILE_BAD_CBOR, 'a VRF signing key is 64 bytes');
  return { type: VRF_SKEY_TYPE, description: 'VRF Signing Key', cborHex: '5840' + bytesToHex(secretKey) };
}

/** The TextEnvelope of a 32-byte verification key. */
export function verificationKeyEnvelope(publicKey: Uint8Array): TextEnvelope {
  if (publicKey.length !== 32) throw new CardanoError(CardanoErrorCode.KEY_FILE_BAD_CBOR, 'a VRF verification key is 32 bytes');
  return { type: VRF_VKEY_TYPE, description: 'VRF Verification Key', cborHex: '5820' + bytesToHex(publicKey) };
}

/** TextEnvelope JSON as cardano-cli writes it (4-space indent, trailing newline). */
export function envelopeToJson(env: TextEnvelope): string {
  return JSON.stringify(env, null, 4) + '\n';
}

const HEX = '0123456789abcdef';

/**
 * The bytes of a signing-key file, `envelopeToJson(signingKeyEnvelope(secretKey))`
 * encoded as UTF-8, built without ever holding the secret in a JavaScript string
 * (strings cannot be zeroed). Zero the result after writing it.
 */
export function signingKeyFileBytes(secretKey: Uint8Array): Uint8Array {
  if (secretKey.length !== 64) throw new CardanoError(CardanoErrorCode.KEY_FILE_BAD_CBOR, 'a VRF signing key is 64 bytes');
  const enc = new TextEncoder();
  const head = enc.encode(`{\n    "type": "${VRF_SKEY_TYPE}",\n    "description": "VRF Signing Key",\n    "cborHex": "5840`);
  const tail = enc.encode('"\n}\n');
  const out = new Uint8Array(head.length + 128 + tail.length);
  out.set(head, 0);
  for (let i = 0; i < 64; i++) {
    out[head.length + 2 * i] = HEX.charCodeAt(secretKey[i] >> 4);
    out[head.length + 2 * i + 1] = HEX.charCodeAt(secretKey[i] & 15);
  }
  out.set(tail, head.length + 128);
  return out;
}

/** vrf_vkey_hash = blake2b-256(vk), 32 bytes. */
export function vrfKeyHash(publicKey: Uint8Array): Uint8Array {
  return blake2b256(publicKey);
}

/** Public facts about a VRF verification key: hex, key hash, bech32 forms. */
export interface VrfKeyInfo {
  vrf_vkey: string;
  vrf_vkey_hash: string;
  vrf_vk_bech32: string;
  vrf_vkh_bech32: string;
}

/** The public description of a verification key ({@link VrfKeyInfo}). */
export function vrfKeyInfo(publicKey: Uint8Array): VrfKeyInfo {
  const hash = vrfKeyHash(publicKey);
  return {
    vrf_vkey: bytesToHex(publicKey),
    vrf_vkey_hash: bytesToHex(hash),
    vrf_vk_bech32: bech32Encode(VRF_BECH32_PREFIX.verificationKey, publicKey),
    vrf_vkh_bech32: bech32Encode(VRF_BECH32_PREFIX.keyHash, hash),
  };
}

/** The bech32 `vrf_sk` form of a 64-byte signing key (holds the secret: do not log it). */
export function signingKeyBech32(secretKey: Uint8Array): string {
  return bech32Encode(VRF_BECH32_PREFIX.signingKey, secretKey);
}
