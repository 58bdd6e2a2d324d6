/** Shared pieces of the cloud backend tests: contexts with a capturing audit sink, temp dirs, reference proofs. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent, BackendContext } from '../../src/custody/context.js';
import { vrfFor } from '../../src/vrf/index.js';
import type { Suite } from '../../src/vrf/suite.js';

/** A BackendContext whose audit events land in `events`. */
export function captureContext(): { ctx: BackendContext; events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  const ctx: BackendContext = {
    audit: { record: async (e) => void events.push(e) },
    clock: () => new Date(),
    actor: 'test',
    env: process.env,
  };
  return { ctx, events };
}

/** A fresh private temp directory and its cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A deterministic 32-byte test seed. */
export function testSeed(label: string): Uint8Array {
  return Uint8Array.from(createHash('sha256').update(`cardano-vrf cloud test seed ${label}`).digest());
}

/** The in-memory proof and output for `seed` (the oracle every backend must match byte for byte). */
export function referenceProve(seed: Uint8Array, alpha: Uint8Array, suite: Suite): { proof: Uint8Array; output: Uint8Array; publicKey: Uint8Array } {
  const vrf = vrfFor(suite);
  const kp = vrf.keypairFromSeed(seed);
  const proof = vrf.prove(kp.secretKey, alpha);
  const output = vrf.proofToHash(proof);
  if (!output) throw new Error('reference proof does not decode');
  return { proof, output, publicKey: kp.publicKey };
}

/** True when `err` carries `code` (and optionally `lastCode`). */
export function coded(code: string, lastCode?: string): (err: unknown) => boolean {
  return (err: unknown) => {
    const e = err as { code?: unknown; lastCode?: unknown };
    if (e?.code !== code) throw new Error(`expected code ${code}, got ${String(e?.code)}: ${(err as Error)?.message}`);
    if (lastCode !== undefined && e.lastCode !== lastCode) throw new Error(`expected lastCode ${lastCode}, got ${String(e.lastCode)}`);
    return true;
  };
}
