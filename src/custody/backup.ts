/**
 * Backup archives of a keystore: every envelope of the backend's `keystore_dir`, sealed
 * under a backup passphrase (scrypt → AES-256-GCM, see software/sealedBox.ts).
 *
 * For the software keystore this is the key material itself (clear or passphrase-sealed
 * seeds). For HSM and cloud backends the envelopes hold only seeds wrapped under a KEK
 * that never leaves the HSM/vault: the archive is useless without it.
 *
 * Archive (JSON, mode 0600): `{"format":"cardano-vrf-backup","version":1,
 * "created_at":"...","backend":"software","keys":3,"box":"<base64 sealed box>"}`; the box
 * holds `{"envelopes":[...]}` and is bound (associated data) to format, version, backend
 * and key count, so none of the clear header fields can be altered unnoticed.
 */
import { readFile } from 'node:fs/promises';
import type { BackendType } from './backend.js';
import type { BackendConfig } from './config.js';
import { checkEnvelope, type Envelope } from './envelope.js';
import { EnvelopeStore, type EnvelopeProblem } from './envelopeStore.js';
import { CustodyError, CustodyErrorCode, hasCode } from './errors.js';
import { writeFileAtomic } from './secureFs.js';
import { openBox, sealBox, DEFAULT_SCRYPT_LOG_N } from './software/sealedBox.js';

/** `format` of a backup archive. */
export const BACKUP_FORMAT = 'cardano-vrf-backup';
/** Current archive version. */
export const BACKUP_VERSION = 1;
const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

/** The clear header of an archive. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  created_at: string;
  backend: BackendType;
  keys: number;
  box: string;
}

function aad(backend: string, keys: number): Uint8Array {
  return new Uint8Array(Buffer.from(`${BACKUP_FORMAT}\n${BACKUP_VERSION}\n${backend}\n${keys}`, 'utf8'));
}

function invalid(msg: string): CustodyError {
  return new CustodyError(CustodyErrorCode.BACKUP_INVALID, `backup: ${msg}`);
}

/** Result of {@link createBackup}. */
export interface BackupResult {
  file: string;
  backend: BackendType;
  keyIds: string[];
  /** Files in the keystore that could not be read (not included). */
  problems: EnvelopeProblem[];
}

/**
 * Writes an encrypted archive of the keystore `config` names to `file` (mode 0600,
 * atomic; refuses to replace an existing file: OUTPUT_EXISTS). Unreadable key files are
 * reported in `problems`, not silently dropped.
 */
export async function createBackup(config: BackendConfig, file: string, passphrase: Uint8Array, opts: { clock?: () => Date; scryptLogN?: number } = {}): Promise<BackupResult> {
  const store = await new EnvelopeStore(config.keystore_dir).open();
  const { envelopes, problems } = await store.scan();
  const payload = Buffer.from(JSON.stringify({ envelopes }), 'utf8');
  const box = sealBox(payload, passphrase, aad(config.type, envelopes.length), opts.scryptLogN ?? DEFAULT_SCRYPT_LOG_N);
  payload.fill(0);
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created_at: (opts.clock ?? (() => new Date()))().toISOString(),
    backend: config.type,
    keys: envelopes.length,
    box: Buffer.from(box).toString('base64'),
  };
  const placed = await writeFileAtomic(file, Buffer.from(JSON.stringify(header, null, 2) + '\n', 'utf8'), { exclusive: true });
  if (!placed) throw new CustodyError(CustodyErrorCode.OUTPUT_EXISTS, `${file} already exists; choose another name`);
  return { file, backend: config.type, keyIds: envelopes.map((e) => e.key_id), problems };
}

/**
 * Reads and decrypts an archive: BACKUP_INVALID when malformed, PASSPHRASE_INCORRECT
 * when the passphrase is wrong or the archive was altered.
 */
export async function readBackup(file: string, passphrase: Uint8Array): Promise<{ header: Omit<BackupHeader, 'box'>; envelopes: Envelope[] }> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    throw invalid(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (raw.length > MAX_BACKUP_BYTES) throw invalid('file too large');
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalid('not JSON');
  }
  if (typeof h !== 'object' || h === null || h.format !== BACKUP_FORMAT) throw invalid('not a cardano-vrf backup archive');
  if (h.version !== BACKUP_VERSION) throw invalid(`unsupported version ${JSON.stringify(h.version)}`);
  const backends: BackendType[] = ['software', 'pkcs11', 'aws-cloudhsm', 'azure-keyvault', 'aws-kms'];
  if (!backends.includes(h.backend as BackendType)) throw invalid('unknown backend');
  if (typeof h.keys !== 'number' || !Number.isInteger(h.keys) || h.keys < 0) throw invalid('bad key count');
  if (typeof h.created_at !== 'string' || typeof h.box !== 'string') throw invalid('missing fields');
  const box = Uint8Array.from(Buffer.from(h.box, 'base64'));
  const plain = openBox(box, passphrase, aad(h.backend as string, h.keys), CustodyErrorCode.BACKUP_INVALID);
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(plain).toString('utf8'));
  } catch {
    doc = null;
  } finally {
    plain.fill(0);
  }
  const list = (doc as { envelopes?: unknown } | null)?.envelopes;
  if (!Array.isArray(list) || list.length !== h.keys) throw invalid('payload does not hold the announced envelopes');
  const envelopes: Envelope[] = [];
  for (const item of list) {
    const r = checkEnvelope(item);
    if (!r.ok) throw invalid(`envelope invalid: ${r.reason}`);
    envelopes.push(r.envelope);
  }
  return { header: { format: BACKUP_FORMAT, version: BACKUP_VERSION, created_at: h.created_at, backend: h.backend as BackendType, keys: h.keys }, envelopes };
}

/** Result of {@link restoreBackup}. */
export interface RestoreResult {
  restored: string[];
  /** Ids already present in the keystore (left untouched). */
  skipped: string[];
}

const family = (t: BackendType) => (t === 'aws-cloudhsm' ? 'pkcs11' : t);

/**
 * Restores an archive into the keystore `config` names. Refuses (BACKUP_INVALID) an
 * archive made for another kind of backend; keys whose id exists are skipped, never
 * overwritten. Each envelope is written atomically.
 */
export async function restoreBackup(config: BackendConfig, file: string, passphrase: Uint8Array): Promise<RestoreResult> {
  const { header, envelopes } = await readBackup(file, passphrase);
  if (family(header.backend) !== family(config.type)) {
    throw invalid(`archive holds ${header.backend} keys; the configured backend is ${config.type}`);
  }
  for (const e of envelopes) {
    if (family(e.kek.backend) !== family(config.type)) throw invalid(`key "${e.key_id}" was wrapped by ${e.kek.backend}`);
  }
  const store = await new EnvelopeStore(config.keystore_dir).open();
  const restored: string[] = [];
  const skipped: string[] = [];
  for (const e of envelopes) {
    try {
      await store.write(e);
      restored.push(e.key_id);
    } catch (err) {
      if (hasCode(err, CustodyErrorCode.KEY_EXISTS)) skipped.push(e.key_id);
      else throw err;
    }
  }
  return { restored, skipped };
}
