/**
 * The key-encryption key (KEK) on the token: an AES-256 secret key object that is a
 * token object (CKA_TOKEN), private (needs login), sensitive and non-extractable (its
 * value never leaves the token, in clear or wrapped), usable for CKA_WRAP/CKA_UNWRAP
 * (plus CKA_ENCRYPT/CKA_DECRYPT only when the chosen mechanism is AES-GCM), and for
 * nothing else (no sign, verify, derive). It is found by CKA_LABEL, and pinned by
 * CKA_ID: a random 16-byte id given at generation and recorded in every envelope, so a
 * KEK deleted and re-created under the same label is reported as missing instead of
 * failing to unwrap.
 */
import { P11 } from './module.js';
import { Pkcs11BackendError, Pkcs11ErrorCode } from './errors.js';
import type { SessionHandle } from './token.js';
import type { WrapMechanism } from './mechanisms.js';
import type pkcs11js from 'pkcs11js';

/** A KEK found or created on the token. */
export interface KekRef {
  handle: Buffer;
  label: string;
  /** CKA_ID, hex. */
  id: string;
}

function search(lib: pkcs11js.PKCS11, session: SessionHandle, template: pkcs11js.Template): Buffer[] {
  lib.C_FindObjectsInit(session, template);
  try {
    return lib.C_FindObjects(session, 2);
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

/**
 * Finds the AES KEK labelled `label` (and with CKA_ID `idHex` when given). Returns null
 * when absent; PKCS11_KEK_AMBIGUOUS when several objects match; PKCS11_KEK_INSECURE when
 * the object found is extractable or not sensitive (someone created it by hand without
 * the protections; the backend refuses to wrap seeds under it).
 */
export function findKek(lib: pkcs11js.PKCS11, session: SessionHandle, label: string, idHex?: string): KekRef | null {
  const template: pkcs11js.Template = [
    { type: P11.CKA_CLASS, value: P11.CKO_SECRET_KEY },
    { type: P11.CKA_KEY_TYPE, value: P11.CKK_AES },
    { type: P11.CKA_LABEL, value: label },
  ];
  if (idHex !== undefined) template.push({ type: P11.CKA_ID, value: Buffer.from(idHex, 'hex') });
  const found = search(lib, session, template);
  if (found.length === 0) return null;
  if (found.length > 1) {
    throw new Pkcs11BackendError(
      Pkcs11ErrorCode.KEK_AMBIGUOUS,
      `several AES keys on the token are labelled "${label}"${idHex ? ` with id ${idHex}` : ''}; remove the extra ones`,
    );
  }
  const handle = found[0]!;
  const attrs = lib.C_GetAttributeValue(session, handle, [
    { type: P11.CKA_ID },
    { type: P11.CKA_SENSITIVE },
    { type: P11.CKA_EXTRACTABLE },
  ]);
  const id = (attrs[0]?.value ?? Buffer.alloc(0)).toString('hex');
  const sensitive = attrs[1]?.value?.[0] === 1;
  const extractable = attrs[2]?.value?.[0] === 1;
  if (!sensitive || extractable) {
    throw new Pkcs11BackendError(
      Pkcs11ErrorCode.KEK_INSECURE,
      `the key labelled "${label}" is ${extractable ? 'extractable' : 'not sensitive'}; a KEK must be CKA_SENSITIVE and not CKA_EXTRACTABLE`,
    );
  }
  return { handle, label, id };
}

/** The CK_ATTRIBUTE template of a new KEK (exported for documentation and tests). */
export function kekTemplate(label: string, id: Buffer, mech: WrapMechanism): pkcs11js.Template {
  return [
    { type: P11.CKA_CLASS, value: P11.CKO_SECRET_KEY },
    { type: P11.CKA_KEY_TYPE, value: P11.CKK_AES },
    { type: P11.CKA_VALUE_LEN, value: 32 },
    { type: P11.CKA_LABEL, value: label },
    { type: P11.CKA_ID, value: id },
    { type: P11.CKA_TOKEN, value: true },
    { type: P11.CKA_PRIVATE, value: true },
    { type: P11.CKA_SENSITIVE, value: true },
    { type: P11.CKA_EXTRACTABLE, value: false },
    { type: P11.CKA_WRAP, value: true },
    { type: P11.CKA_UNWRAP, value: true },
    { type: P11.CKA_ENCRYPT, value: mech.needsEncrypt },
    { type: P11.CKA_DECRYPT, value: mech.needsEncrypt },
    { type: P11.CKA_SIGN, value: false },
    { type: P11.CKA_VERIFY, value: false },
    { type: P11.CKA_DERIVE, value: false },
  ];
}

/** Generates a new KEK on the token (C_GenerateKey, CKM_AES_KEY_GEN) with a random CKA_ID. */
export async function createKek(lib: pkcs11js.PKCS11, session: SessionHandle, label: string, mech: WrapMechanism): Promise<KekRef> {
  const id = lib.C_GenerateRandom(session, Buffer.alloc(16));
  // Synchronous on purpose: a one-time call, and no other thread touches the token meanwhile
  // (SoftHSMv2 has answered CKR_GENERAL_ERROR to token-object creation racing other sessions).
  const handle = lib.C_GenerateKey(session, { mechanism: P11.CKM_AES_KEY_GEN }, kekTemplate(label, id, mech));
  return { handle, label, id: id.toString('hex') };
}
