/**
 * Wrapping and unwrapping a 32-byte VRF seed under the KEK.
 *
 * Key-wrap mechanisms (the default): the seed becomes a session object (CKA_TOKEN=false,
 * CKK_GENERIC_SECRET, extractable, not sensitive) that exists only for the C_WrapKey
 * call and is destroyed right after. To use it, C_UnwrapKey creates such a session
 * object again, its CKA_VALUE is read into process memory and the object is destroyed.
 * The KEK itself carries only CKA_WRAP/CKA_UNWRAP, so it cannot be used to encrypt or
 * decrypt arbitrary data.
 *
 * AES-GCM (fallback for tokens without AES key wrap): C_Encrypt of the seed with a
 * 12-byte IV from C_GenerateRandom and the key id as additional data; the stored bytes
 * are IV ‖ ciphertext ‖ 16-byte tag.
 *
 * Buffers handed to pkcs11js are zeroed after the call; copies the native layer makes
 * are outside our control (documented in docs/pkcs11.md).
 */
import type pkcs11js from 'pkcs11js';
import { CustodyError, CustodyErrorCode } from '../errors.js';
import { CKR, ckrOf, Pkcs11BackendError, Pkcs11ErrorCode } from './errors.js';
import type { KekRef } from './kek.js';
import type { WrapMechanism } from './mechanisms.js';
import { P11 } from './module.js';
import type { SessionHandle } from './token.js';
import type { Suite } from '../../vrf/suite.js';

const SEED_BYTES = 32;
const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;

/** Return values meaning "these bytes do not unwrap under this KEK". */
const UNWRAP_REFUSALS: ReadonlySet<number> = new Set([
  CKR.WRAPPED_KEY_INVALID,
  CKR.WRAPPED_KEY_LEN_RANGE,
  CKR.ENCRYPTED_DATA_INVALID,
  CKR.ENCRYPTED_DATA_LEN_RANGE,
  CKR.GENERAL_ERROR,
  CKR.FUNCTION_FAILED,
]);

function seedObjectTemplate(): pkcs11js.Template {
  return [
    { type: P11.CKA_CLASS, value: P11.CKO_SECRET_KEY },
    { type: P11.CKA_KEY_TYPE, value: P11.CKK_GENERIC_SECRET },
    { type: P11.CKA_TOKEN, value: false },
    { type: P11.CKA_PRIVATE, value: true },
    { type: P11.CKA_SENSITIVE, value: false },
    { type: P11.CKA_EXTRACTABLE, value: true },
  ];
}

function gcmParams(iv: Buffer, aad: Uint8Array): pkcs11js.Mechanism {
  return {
    mechanism: P11.CKM_AES_GCM,
    parameter: { type: P11.CK_PARAMS_AES_GCM, iv, aad: Buffer.from(aad), ivBits: GCM_IV_BYTES * 8, tagBits: GCM_TAG_BYTES * 8 } as pkcs11js.AesGCM,
  };
}

function destroy(lib: pkcs11js.PKCS11, session: SessionHandle, handle: Buffer): void {
  try {
    lib.C_DestroyObject(session, handle);
  } catch {
    /* a session object also disappears with its session */
  }
}

/**
 * Wraps `seed` (32 bytes, not modified) under `kek` with `mech`. `aad` (the key id) is
 * bound by AES-GCM; key-wrap mechanisms ignore it. Returns the wrapped bytes.
 */
export async function wrapSeed(
  lib: pkcs11js.PKCS11,
  session: SessionHandle,
  kek: KekRef,
  mech: WrapMechanism,
  seed: Uint8Array,
  aad: Uint8Array,
): Promise<Uint8Array> {
  const value = Buffer.from(seed);
  try {
    if (mech.style === 'gcm-encrypt') {
      const iv = lib.C_GenerateRandom(session, Buffer.alloc(GCM_IV_BYTES));
      lib.C_EncryptInit(session, gcmParams(iv, aad), kek.handle);
      const ct = await lib.C_EncryptAsync(session, value, Buffer.alloc(SEED_BYTES + GCM_TAG_BYTES + 16));
      return Uint8Array.from(Buffer.concat([iv, ct]));
    }
    const obj = lib.C_CreateObject(session, [...seedObjectTemplate(), { type: P11.CKA_VALUE, value }]);
    try {
      const wrapped = await lib.C_WrapKeyAsync(session, { mechanism: mech.type }, kek.handle, obj, Buffer.alloc(SEED_BYTES + 64));
      return Uint8Array.from(wrapped);
    } finally {
      destroy(lib, session, obj);
    }
  } finally {
    value.fill(0);
  }
}

/**
 * Unwraps envelope bytes into the 32-byte seed (a fresh array the caller zeroes).
 * PKCS11_UNWRAP_FAILED when the token refuses the bytes (tampered envelope, other KEK,
 * wrong mechanism) or they do not yield 32 bytes.
 */
export async function unwrapSeed(
  lib: pkcs11js.PKCS11,
  session: SessionHandle,
  kek: KekRef,
  mech: WrapMechanism,
  wrapped: Uint8Array,
  aad: Uint8Array,
): Promise<Uint8Array> {
  const refused = (err: unknown): never => {
    const ckr = ckrOf(err);
    if (ckr !== undefined && UNWRAP_REFUSALS.has(ckr)) {
      throw new Pkcs11BackendError(
        Pkcs11ErrorCode.UNWRAP_FAILED,
        `the token could not unwrap the stored seed with ${mech.name} under KEK "${kek.label}" (tampered envelope or another KEK)`,
        ckr,
      );
    }
    throw err;
  };
  let out: Buffer;
  if (mech.style === 'gcm-encrypt') {
    if (wrapped.length !== GCM_IV_BYTES + SEED_BYTES + GCM_TAG_BYTES) {
      throw new Pkcs11BackendError(Pkcs11ErrorCode.UNWRAP_FAILED, `AES-GCM envelope has ${wrapped.length} bytes, expected ${GCM_IV_BYTES + SEED_BYTES + GCM_TAG_BYTES}`);
    }
    const iv = Buffer.from(wrapped.subarray(0, GCM_IV_BYTES));
    const ct = Buffer.from(wrapped.subarray(GCM_IV_BYTES));
    const dst = Buffer.alloc(ct.length);
    try {
      lib.C_DecryptInit(session, gcmParams(iv, aad), kek.handle);
      out = await lib.C_DecryptAsync(session, ct, dst).catch(refused);
    } catch (err) {
      dst.fill(0);
      return refused(err);
    }
  } else {
    const template = seedObjectTemplate();
    if (mech.name === 'CKM_CLOUDHSM_AES_KEY_WRAP_ZERO_PAD') template.push({ type: P11.CKA_VALUE_LEN, value: SEED_BYTES });
    const obj = await lib.C_UnwrapKeyAsync(session, { mechanism: mech.type }, kek.handle, Buffer.from(wrapped), template).catch(refused);
    try {
      out = lib.C_GetAttributeValue(session, obj, [{ type: P11.CKA_VALUE }])[0]?.value ?? Buffer.alloc(0);
    } finally {
      destroy(lib, session, obj);
    }
  }
  const seed = Uint8Array.from(out);
  out.fill(0);
  if (seed.length !== SEED_BYTES) {
    seed.fill(0);
    throw new CustodyError(CustodyErrorCode.KEY_CORRUPT, `the unwrapped seed has ${seed.length} bytes, expected ${SEED_BYTES}`);
  }
  return seed;
}

/** AES-GCM additional data binding a wrapped seed to its key id, suite and public key. */
export function pkcs11Aad(keyId: string, suite: Suite, publicKeyHex: string): Uint8Array {
  return new Uint8Array(Buffer.from(`cardano-vrf/pkcs11-seed/v1\n${keyId}\n${suite}\n${publicKeyHex}`, 'utf8'));
}
