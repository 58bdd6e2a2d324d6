/** Shared helpers for the software-keystore tests: temp homes, opening backends, skey files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBackend, parseConfig, type SoftwareConfig } from '../../src/custody/index.js';
import { draft03 } from '../../src/vrf/index.js';

/** A private temp directory (mkdtemp gives 0700) removed by `cleanup`. */
export function tempHome(prefix = 'cvrf-custody-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A software config rooted at `home` (keys in home/keys, audit in home/audit.log). */
export function softwareConfig(home: string, extra: Record<string, unknown> = {}): SoftwareConfig {
  return parseConfig({ type: 'software', scrypt_log_n: 12, ...extra }, home, home) as SoftwareConfig;
}

/** Opens an audited software backend on `home`. */
export function openSoftware(home: string, extra: Record<string, unknown> = {}, env: Record<string, string | undefined> = {}) {
  return openBackend(softwareConfig(home, extra), { env, actor: 'test' });
}

/** Writes a cardano-cli style vrf.skey for `seed` and returns its path. */
export function writeSkey(dir: string, seed: Uint8Array, name = 'vrf.skey', vkOverride?: Uint8Array): string {
  const kp = draft03.keypairFromSeed(seed);
  const vk = vkOverride ?? kp.publicKey;
  const cborHex = '5840' + Buffer.from(seed).toString('hex') + Buffer.from(vk).toString('hex');
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ type: 'VrfSigningKey_PraosVRF', description: 'VRF Signing Key', cborHex }, null, 4) + '\n', { mode: 0o600 });
  return file;
}

/** Asserts that `fn` rejects with a CardanoVrfError of `code`; returns the error. */
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
