/** Shared helpers for the PKCS#11 and CloudHSM tests: configs, capturing audit sinks, raw token access. */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { parseConfig, type AuditEvent, type BackendContext, type Pkcs11Config, type AwsCloudHsmConfig } from '../../src/custody/index.js';
import type { Pkcs11Backend } from '../../src/custody/pkcs11/index.js';

/** A BackendContext whose audit sink keeps events in memory. */
export function captureContext(env: Record<string, string | undefined>): { ctx: BackendContext; events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    ctx: { audit: { record: async (e) => void events.push(e) }, clock: () => new Date(), actor: 'test', env },
  };
}

/** A fresh private key-store directory under `base`. */
export function keyDir(base: string, name: string): string {
  return mkdtempSync(join(base, `${name}-`));
}

/** A validated `type: 'pkcs11'` configuration (through the real parser). */
export function pkcs11Config(base: string, fields: Record<string, unknown>): Pkcs11Config {
  return parseConfig({ type: 'pkcs11', audit_log: join(base, 'audit.log'), ...fields }, base, base) as Pkcs11Config;
}

/** A validated `type: 'aws-cloudhsm'` configuration (through the real parser). */
export function cloudHsmConfig(base: string, fields: Record<string, unknown>): AwsCloudHsmConfig {
  return parseConfig({ type: 'aws-cloudhsm', audit_log: join(base, 'audit.log'), ...fields }, base, base) as AwsCloudHsmConfig;
}

/** Runs `fn` with a raw read-write session on the backend's token (same process login state). */
export function withRawSession<T>(backend: Pkcs11Backend, fn: (lib: pkcs11js.PKCS11, session: Buffer, slot: Buffer) => T): T {
  const lib = backend.token.module.lib;
  const slot = backend.token.slot();
  const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    return fn(lib, session, slot);
  } finally {
    lib.C_CloseSession(session);
  }
}

/** Asserts that `fn` rejects with a coded error of `code`; returns it. */
export async function rejectsWithCode(fn: () => Promise<unknown>, code: string): Promise<Error & { code: string }> {
  try {
    await fn();
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code !== code) throw new Error(`expected code ${code}, got ${e.code ?? 'none'}: ${e.message}`);
    return e as Error & { code: string };
  }
  throw new Error(`expected rejection with ${code}, but it resolved`);
}

/** Deterministic test seeds. */
export const seedOf = (b: number): Uint8Array => new Uint8Array(32).map((_, i) => (b * 37 + i * 11 + 5) & 0xff);
