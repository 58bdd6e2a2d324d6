/**
 * Options every key command shares: `--config FILE` (else CARDANO_VRF_CONFIG, else the
 * software keystore under $CARDANO_VRF_HOME) and `--json`; plus opening the configured,
 * audited backend and the `{ key_id, suite, public_key }` JSON shape of a key.
 */
import type { Command } from 'commander';
import type { KeyMetadata } from '../../custody/backend.js';
import { resolveConfig, type BackendConfig } from '../../custody/config.js';
import { openBackend } from '../../custody/openBackend.js';
import type { AuditedBackend } from '../../custody/audit/auditedBackend.js';
import { assertKeyId } from '../../custody/keyId.js';
import { toHex } from '../common/hex.js';
import { CliFailure, ExitCode, UsageError } from '../common/output.js';

/** Flags shared by key commands. */
export interface BackendFlags {
  config?: string;
  json?: boolean;
}

/** Adds `--config FILE` and `--json` to a command. */
export function withBackendOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'backend configuration file (default: $CARDANO_VRF_CONFIG, else the software keystore in $CARDANO_VRF_HOME or ~/.cardano-vrf)')
    .option('--json', 'print JSON');
}

/** Resolves the configuration, opens the audited backend, runs `fn`, and closes the backend. */
export async function withBackend<T>(flags: BackendFlags, fn: (backend: AuditedBackend, config: BackendConfig) => Promise<T>): Promise<T> {
  const config = resolveConfig(flags.config, process.env);
  const backend = await openBackend(config);
  try {
    return await fn(backend, config);
  } finally {
    await backend.close();
  }
}

/** The stable JSON shape of one key. */
export interface KeyJson {
  key_id: string;
  suite: string;
  public_key: string;
}

/** `{ key_id, suite, public_key }` of a key. */
export function keyJson(m: KeyMetadata): KeyJson {
  return { key_id: m.keyId, suite: m.suite, public_key: toHex(m.publicKey) };
}

/** Checks a --key-id value: BAD_KEY_ID naming the rule, exit 2 (a usage error). */
export function keyIdFlag(value: string | undefined): string {
  if (value === undefined) throw new UsageError('missing --key-id');
  try {
    return assertKeyId(value);
  } catch (err) {
    throw new CliFailure('BAD_KEY_ID', (err as Error).message, ExitCode.USAGE);
  }
}

/** Human-readable lines for a key. */
export function keyLines(k: KeyJson): string[] {
  return [`key_id:      ${k.key_id}`, `suite:       ${k.suite}`, `public_key:  ${k.public_key}`];
}
