/**
 * `keys verify` (the deployment guide's verify-keys): for every key, prove a fresh test
 * input through the backend and verify the proof under the stored public key with the
 * in-memory verifier. A seed that does not derive its public key, a KEK that no longer
 * unwraps, or a damaged envelope all show up as a failed key with its code; files the
 * keystore could not read are reported too. Never throws for a per-key problem.
 */
import { randomBytes } from 'node:crypto';
import type { KeyBackend } from './backend.js';
import type { BackendConfig } from './config.js';
import { EnvelopeStore } from './envelopeStore.js';
import { sameBytes } from './seedKeys.js';
import { CardanoVrfError } from '../vrf/errors.js';
import { vrfFor } from '../vrf/index.js';
import type { Suite } from '../vrf/suite.js';

/** The verdict on one key. */
export interface KeyCheck {
  keyId: string;
  suite?: Suite;
  publicKey?: Uint8Array;
  ok: boolean;
  code?: string;
  message?: string;
}

/** Outcome of {@link verifyKeys}: `ok` when every key passed and no file was unreadable. */
export interface KeysVerification {
  ok: boolean;
  keys: KeyCheck[];
}

function failure(keyId: string, err: unknown): KeyCheck {
  if (err instanceof CardanoVrfError) return { keyId, ok: false, code: err.code, message: err.message };
  return { keyId, ok: false, code: 'INTERNAL_ERROR', message: err instanceof Error ? err.message : 'error' };
}

/**
 * Checks every key of `backend`. With `config`, files in its keystore directory that do
 * not load (bad JSON, wrong permissions) are reported as failed keys as well.
 */
export async function verifyKeys(backend: KeyBackend, config?: BackendConfig): Promise<KeysVerification> {
  const checks: KeyCheck[] = [];
  const bad = new Set<string>();
  const ids = new Set<string>();
  if (config) {
    try {
      const { envelopes, problems } = await (await new EnvelopeStore(config.keystore_dir).open()).scan();
      for (const p of problems) {
        bad.add(p.keyId);
        checks.push({ keyId: p.keyId, ok: false, code: p.code, message: p.message });
      }
      for (const e of envelopes) ids.add(e.key_id);
    } catch (err) {
      checks.push(failure(config.keystore_dir, err));
    }
  }
  try {
    for (const k of await backend.listKeys()) if (!bad.has(k.keyId)) ids.add(k.keyId);
  } catch (err) {
    // With a keystore scan the unreadable files are already reported; otherwise report the listing failure.
    if (checks.length === 0) checks.push(failure('*', err));
  }
  for (const keyId of [...ids].sort()) {
    let meta;
    try {
      meta = await backend.getKey(keyId);
    } catch (err) {
      checks.push(failure(keyId, err));
      continue;
    }
    const alpha = Uint8Array.from(Buffer.concat([Buffer.from('cardano-vrf keys verify\n'), randomBytes(16)]));
    try {
      const { proof, output } = await backend.prove(keyId, alpha);
      const vrf = vrfFor(meta.suite);
      const verified = vrf.verify(meta.publicKey, proof, alpha);
      if (!verified) {
        checks.push({ keyId, suite: meta.suite, publicKey: meta.publicKey, ok: false, code: 'KEY_CORRUPT', message: 'the test proof does not verify under the stored public key' });
      } else if (!sameBytes(verified, output)) {
        checks.push({ keyId, suite: meta.suite, publicKey: meta.publicKey, ok: false, code: 'KEY_CORRUPT', message: 'the backend returned a wrong VRF output' });
      } else {
        checks.push({ keyId, suite: meta.suite, publicKey: meta.publicKey, ok: true });
      }
    } catch (err) {
      checks.push({ ...failure(keyId, err), suite: meta.suite, publicKey: meta.publicKey });
    }
  }
  checks.sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));
  return { ok: checks.every((c) => c.ok), keys: checks };
}
