/**
 * Turns a {@link BackendConfig} into an audited {@link KeyBackend}: one factory per
 * union member behind an exhaustive switch. Every backend folder exports
 * `createBackend(config, ctx: BackendContext): Promise<KeyBackend>` from its index.ts and
 * is loaded lazily, so configuring the software keystore never loads a cloud SDK or a
 * PKCS#11 module. A backend folder that is not built yet gives BACKEND_UNAVAILABLE.
 */
import { userInfo } from 'node:os';
import type { KeyBackend } from './backend.js';
import type { BackendConfig } from './config.js';
import type { AuditSink, BackendContext } from './context.js';
import { CustodyError, CustodyErrorCode } from './errors.js';
import { AuditedBackend } from './audit/auditedBackend.js';
import { AuditLog } from './audit/log.js';

/** Options of {@link openBackend}: overrides for the context handed to the factory. */
export interface OpenOptions {
  /** Audit sink; default an {@link AuditLog} on `config.audit_log` (closed with the backend). */
  audit?: AuditSink;
  /** Time source for audit records and metadata (default: the system clock). */
  clock?: () => Date;
  /** Default: `config.actor`, else the OS user name. */
  actor?: string;
  env?: Record<string, string | undefined>;
}

/** The contract every backend folder's index.ts fulfils. */
export interface BackendModule<C extends BackendConfig = BackendConfig> {
  /** Opens the backend described by `config`. */
  createBackend(config: C, ctx: BackendContext): Promise<KeyBackend>;
}

async function load<C extends BackendConfig>(folder: string, type: string): Promise<BackendModule<C>> {
  const url = new URL(`./${folder}/index.js`, import.meta.url).href;
  try {
    return (await import(url)) as BackendModule<C>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`/${folder}/`)) {
      throw new CustodyError(CustodyErrorCode.BACKEND_UNAVAILABLE, `backend "${type}" is not built into this installation`);
    }
    throw new CustodyError(CustodyErrorCode.BACKEND_UNAVAILABLE, `backend "${type}" failed to load: ${e.message ?? 'error'}`, { cause: err });
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? '?'}`;
  }
}

/** Creates the unaudited backend for `config` (exhaustive over `config.type`). */
export async function createRawBackend(config: BackendConfig, ctx: BackendContext): Promise<KeyBackend> {
  switch (config.type) {
    case 'software':
      return (await load<typeof config>('software', config.type)).createBackend(config, ctx);
    case 'pkcs11':
    case 'aws-cloudhsm':
      return (await load<typeof config>('pkcs11', config.type)).createBackend(config, ctx);
    case 'azure-keyvault':
      return (await load<typeof config>('azure-keyvault', config.type)).createBackend(config, ctx);
    case 'aws-kms':
      return (await load<typeof config>('aws-kms', config.type)).createBackend(config, ctx);
    default: {
      const never: never = config;
      throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, `unknown backend type ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}

/**
 * Opens the backend a configuration names, wrapped by the audit log: every key
 * operation and every failed authentication the backend reports is recorded.
 * Errors: CONFIG_INVALID, BACKEND_UNAVAILABLE, INSECURE_PERMISSIONS, AUDIT_UNAVAILABLE,
 * and the backend's own (PKCS11_PIN_INCORRECT...).
 */
export async function openBackend(config: BackendConfig, opts: OpenOptions = {}): Promise<AuditedBackend> {
  const actor = opts.actor ?? config.actor ?? osUser();
  const clock = opts.clock ?? (() => new Date());
  let owned: AuditLog | undefined;
  const audit = opts.audit ?? (owned = await AuditLog.open(config.audit_log, { actor, clock }));
  const ctx: BackendContext = { audit, clock, actor, env: opts.env ?? process.env };
  try {
    const inner = await createRawBackend(config, ctx);
    return new AuditedBackend(inner, audit, undefined, owned ? () => owned!.close() : undefined);
  } catch (err) {
    await owned?.close();
    throw err;
  }
}
