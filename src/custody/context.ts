/**
 * What openBackend hands every backend factory: the audit sink, a clock, the acting
 * principal and the environment (for PIN/passphrase variables). Backends report failed
 * authentication (wrong PIN, rejected cloud credentials) through {@link reportAuthFailure}
 * so it lands in the hash-chained audit log.
 */

/** Operations recorded in the audit log. */
export type AuditOperation =
  | 'generate'
  | 'import'
  | 'prove'
  | 'delete'
  | 'backup'
  | 'restore'
  | 'protect'
  | 'public-key'
  | 'list'
  | 'verify'
  | 'auth'
  | 'open';

/** One auditable event. Never carries a secret: alpha is hashed by the sink. */
export interface AuditEvent {
  operation: AuditOperation;
  keyId?: string;
  /** The VRF input; the log stores only its SHA-256. */
  alpha?: Uint8Array;
  result: 'ok' | 'failure';
  /** Error code on failure (KEY_NOT_FOUND, PKCS11_PIN_INCORRECT...). */
  code?: string;
  /** Overrides the context's actor (e.g. an authenticated service client). */
  actor?: string;
  /** Extra non-secret facts (backend, mechanism, count...). */
  detail?: Record<string, string | number | boolean>;
}

/** Where audit events go. `record` resolves once the record is durably appended. */
export interface AuditSink {
  /** Appends one audit record; rejects when it cannot be written. */
  record(event: AuditEvent): Promise<void>;
}

/** Context passed to every backend factory `createBackend(config, ctx)`. */
export interface BackendContext {
  audit: AuditSink;
  /** Current time (injectable for tests). */
  clock: () => Date;
  /** Who acts: OS user, service client, operator name. */
  actor: string;
  /** Environment to read PIN/passphrase variables from (defaults to process.env). */
  env: Record<string, string | undefined>;
}

/** An audit sink that drops everything (for library users who audit elsewhere). */
export const NULL_AUDIT: AuditSink = { record: async () => undefined };

/** Records a failed authentication attempt (wrong PIN, bad credentials). Never throws. */
export async function reportAuthFailure(ctx: BackendContext, code: string, detail?: Record<string, string | number | boolean>): Promise<void> {
  try {
    await ctx.audit.record({ operation: 'auth', result: 'failure', code, ...(detail ? { detail } : {}) });
  } catch {
    // The caller is already failing with `code`; an audit failure must not mask it.
  }
}
