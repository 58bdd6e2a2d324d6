/**
 * The demo's service setup: a software keystore under the demo home (default
 * `~/.cardano-vrf-demo`, or `$CARDANO_VRF_DEMO_HOME`), a `demo-pool` key (draft03)
 * created on first run, a fresh random API token each run (only its hash is written),
 * and a service configuration for mainnet's slot clock with a one-hour slot window.
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { openBackend } from '../../custody/openBackend.js';
import { parseConfig } from '../../custody/config.js';
import { hashToken, newToken } from '../../service/auth.js';
import { parseServiceConfig, type ServiceConfig } from '../../service/config.js';

/** The demo key's id. */
export const DEMO_KEY_ID = 'demo-pool';

/** What the demo prepared. */
export interface DemoSetup {
  home: string;
  configFile: string;
  config: ServiceConfig;
  /** The API token (printed once, never stored). */
  token: string;
  publicKey: string;
  createdKey: boolean;
}

/** The demo home: `--home`, else `$CARDANO_VRF_DEMO_HOME`, else `~/.cardano-vrf-demo`. */
export function demoHome(flag?: string, env: Record<string, string | undefined> = process.env): string {
  return resolve(flag ?? env.CARDANO_VRF_DEMO_HOME ?? join(homedir(), '.cardano-vrf-demo'));
}

/** Creates (or reuses) the demo keystore and key, and writes `service.json` (mode 0600). */
export async function prepareDemo(home: string, port: number): Promise<DemoSetup> {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const backendDoc = { type: 'software', keystore_dir: './keys', audit_log: './audit.log' };
  const backend = await openBackend(parseConfig(backendDoc, home, home), { actor: 'cardano-vrf-demo' });
  let createdKey = false;
  let publicKey: Uint8Array;
  try {
    try {
      publicKey = (await backend.getKey(DEMO_KEY_ID)).publicKey;
    } catch (err) {
      if ((err as { code?: string }).code !== 'KEY_NOT_FOUND') throw err;
      publicKey = (await backend.generateKey(DEMO_KEY_ID, { suite: 'draft03', tags: { env: 'demo', purpose: 'signing-service demo' } })).publicKey;
      createdKey = true;
    }
  } finally {
    await backend.close();
  }
  const token = newToken();
  const doc = {
    comment: 'Written by `cardano-vrf demo`; the token hash changes every run.',
    listen: { host: '127.0.0.1', port },
    anonymous: { health: true, metrics: true },
    network: 'mainnet',
    backends: { demo: backendDoc },
    keys: [{ id: DEMO_KEY_ID, backend: 'demo', policy: { allow_raw_alpha: false, past_slots: 3600, future_slots: 3600 } }],
    tokens: [{ name: 'demo', sha256: hashToken(token), roles: ['prover', 'officer', 'metrics'] }],
    audit_log: './audit.log',
    log: { level: 'warn' },
  };
  const configFile = join(home, 'service.json');
  writeFileSync(configFile + '.tmp', JSON.stringify(doc, null, 2) + '\n', { mode: 0o600 });
  renameSync(configFile + '.tmp', configFile);
  const config = parseServiceConfig(doc, home);
  config.source = configFile;
  return { home, configFile, config, token, publicKey: Buffer.from(publicKey).toString('hex'), createdKey };
}
