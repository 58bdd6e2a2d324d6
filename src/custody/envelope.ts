/**
 * The shared envelope: how every seed-wrapping backend stores one key at rest.
 *
 * An envelope is a JSON document (one file per key, see {@link EnvelopeStore}):
 *
 * ```json
 * {
 *   "version": 1,
 *   "key_id": "pool1-vrf",
 *   "suite": "draft03",
 *   "public_key": "<64 hex digits: the 32-byte VRF verification key>",
 *   "kek": { "backend": "pkcs11", "id": "cardano-vrf-kek", "mechanism": "CKM_AES_KEY_WRAP_PAD" },
 *   "wrapped": "<base64 of the wrapped 32-byte seed>",
 *   "context": { "key_id": "pool1-vrf" },
 *   "metadata": { "created_at": "2026-01-01T00:00:00.000Z", "tags": { "env": "prod" }, "deletion_protection": true }
 * }
 * ```
 *
 * `kek.id` names the key-encryption key inside its backend (token label, Key Vault key
 * id, KMS key id/ARN); `kek.mechanism` names the wrapping algorithm
 * (`CKM_AES_KEY_WRAP_PAD`, `RSA-OAEP-256`, `A256KW`, `SYMMETRIC_DEFAULT`,
 * `scrypt-aes-256-gcm`, `none`); `context` is optional backend data bound to the
 * wrapping (e.g. the KMS encryption context). The envelope holds no secret in clear
 * except with mechanism `none` (the unencrypted software keystore).
 */
import type { BackendType, KeyMetadata } from './backend.js';
import { CustodyError, CustodyErrorCode } from './errors.js';
import { isValidKeyId } from './keyId.js';
import { isSuite, type Suite } from '../vrf/suite.js';

/** Current envelope format version. */
export const ENVELOPE_VERSION = 1;

const BACKENDS: readonly BackendType[] = ['software', 'pkcs11', 'aws-cloudhsm', 'azure-keyvault', 'aws-kms'];

/** The key-encryption key that wrapped the seed. */
export interface EnvelopeKek {
  backend: BackendType;
  /** The KEK's identifier inside its backend (label, key id, ARN). */
  id: string;
  /** The wrapping mechanism, e.g. `CKM_AES_KEY_WRAP_PAD`, `RSA-OAEP-256`. */
  mechanism: string;
}

/** Non-secret key metadata stored in the envelope. */
export interface EnvelopeMetadata {
  /** ISO-8601 creation time. */
  created_at: string;
  tags: Record<string, string>;
  deletion_protection: boolean;
}

/** One wrapped key, as stored on disk (snake_case, the documented wire format). */
export interface Envelope {
  version: typeof ENVELOPE_VERSION;
  key_id: string;
  suite: Suite;
  /** Hex of the 32-byte verification key. */
  public_key: string;
  kek: EnvelopeKek;
  /** Base64 of the wrapped seed. */
  wrapped: string;
  /** Backend data bound to the wrapping, e.g. a KMS encryption context. */
  context?: Record<string, string>;
  metadata: EnvelopeMetadata;
}

/** Result of {@link checkEnvelope}: the envelope, or why it is invalid. */
export type EnvelopeCheck = { ok: true; envelope: Envelope } | { ok: false; reason: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown): v is Record<string, string> =>
  isObj(v) && Object.values(v).every((x) => typeof x === 'string');
const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Validates an untrusted value (a parsed JSON document) as an {@link Envelope}.
 * Never throws; unknown top-level fields are rejected so typos are not silently ignored.
 */
export function checkEnvelope(value: unknown): EnvelopeCheck {
  const bad = (reason: string): EnvelopeCheck => ({ ok: false, reason });
  if (!isObj(value)) return bad('not a JSON object');
  const allowed = new Set(['version', 'key_id', 'suite', 'public_key', 'kek', 'wrapped', 'context', 'metadata']);
  for (const k of Object.keys(value)) if (!allowed.has(k)) return bad(`unknown field "${k}"`);
  if (value.version !== ENVELOPE_VERSION) return bad(`unsupported version ${JSON.stringify(value.version)}`);
  if (!isValidKeyId(value.key_id)) return bad('key_id is missing or invalid');
  if (!isSuite(value.suite)) return bad('suite must be "draft03" or "draft13"');
  if (typeof value.public_key !== 'string' || !HEX64.test(value.public_key)) {
    return bad('public_key must be 64 lower-case hex digits');
  }
  const kek = value.kek;
  if (!isObj(kek)) return bad('kek must be an object');
  if (!BACKENDS.includes(kek.backend as BackendType)) return bad('kek.backend is not a known backend');
  if (typeof kek.id !== 'string' || kek.id.length === 0) return bad('kek.id must be a non-empty string');
  if (typeof kek.mechanism !== 'string' || kek.mechanism.length === 0) return bad('kek.mechanism must be a non-empty string');
  if (typeof value.wrapped !== 'string' || value.wrapped.length === 0 || value.wrapped.length % 4 !== 0 || !BASE64.test(value.wrapped)) {
    return bad('wrapped must be non-empty base64');
  }
  if (value.context !== undefined && !isStringMap(value.context)) return bad('context must map strings to strings');
  const md = value.metadata;
  if (!isObj(md)) return bad('metadata must be an object');
  if (typeof md.created_at !== 'string' || Number.isNaN(Date.parse(md.created_at))) {
    return bad('metadata.created_at must be an ISO-8601 time');
  }
  if (!isStringMap(md.tags)) return bad('metadata.tags must map strings to strings');
  if (typeof md.deletion_protection !== 'boolean') return bad('metadata.deletion_protection must be a boolean');
  const envelope: Envelope = {
    version: ENVELOPE_VERSION,
    key_id: value.key_id,
    suite: value.suite,
    public_key: value.public_key,
    kek: { backend: kek.backend as BackendType, id: kek.id, mechanism: kek.mechanism },
    wrapped: value.wrapped,
    ...(value.context !== undefined ? { context: { ...(value.context as Record<string, string>) } } : {}),
    metadata: {
      created_at: md.created_at,
      tags: { ...md.tags },
      deletion_protection: md.deletion_protection,
    },
  };
  return { ok: true, envelope };
}

/** Parses envelope JSON text. Throws CustodyError(ENVELOPE_INVALID) naming the problem (`where` prefixes it). */
export function parseEnvelope(text: string, where = 'envelope'): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `${where}: not valid JSON`);
  }
  const r = checkEnvelope(value);
  if (!r.ok) throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `${where}: ${r.reason}`);
  return r.envelope;
}

/** Serialises an envelope as pretty JSON text with a trailing newline (the on-disk form). */
export function serializeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope, null, 2) + '\n';
}

/** Fields needed to build an envelope; `wrapped` and `publicKey` are raw bytes. */
export interface NewEnvelope {
  keyId: string;
  suite: Suite;
  publicKey: Uint8Array;
  kek: EnvelopeKek;
  wrapped: Uint8Array;
  context?: Record<string, string>;
  createdAt: Date;
  tags?: Record<string, string>;
  deletionProtection?: boolean;
}

/** Builds a validated envelope from raw parts. Throws ENVELOPE_INVALID on bad parts. */
export function createEnvelope(p: NewEnvelope): Envelope {
  const candidate = {
    version: ENVELOPE_VERSION,
    key_id: p.keyId,
    suite: p.suite,
    public_key: Buffer.from(p.publicKey).toString('hex'),
    kek: { ...p.kek },
    wrapped: Buffer.from(p.wrapped).toString('base64'),
    ...(p.context ? { context: { ...p.context } } : {}),
    metadata: {
      created_at: p.createdAt.toISOString(),
      tags: { ...(p.tags ?? {}) },
      deletion_protection: p.deletionProtection ?? false,
    },
  };
  const r = checkEnvelope(candidate);
  if (!r.ok) throw new CustodyError(CustodyErrorCode.ENVELOPE_INVALID, `cannot build envelope: ${r.reason}`);
  return r.envelope;
}

/** The wrapped bytes of an envelope (base64-decoded). */
export function envelopeWrappedBytes(envelope: Envelope): Uint8Array {
  return Uint8Array.from(Buffer.from(envelope.wrapped, 'base64'));
}

/** The 32-byte public key of an envelope. */
export function envelopePublicKey(envelope: Envelope): Uint8Array {
  return Uint8Array.from(Buffer.from(envelope.public_key, 'hex'));
}

/** The {@link KeyMetadata} view of an envelope (backend taken from `kek.backend`). */
export function envelopeToMetadata(envelope: Envelope): KeyMetadata {
  return {
    keyId: envelope.key_id,
    suite: envelope.suite,
    publicKey: envelopePublicKey(envelope),
    createdAt: envelope.metadata.created_at,
    tags: { ...envelope.metadata.tags },
    deletionProtection: envelope.metadata.deletion_protection,
    backend: envelope.kek.backend,
  };
}
