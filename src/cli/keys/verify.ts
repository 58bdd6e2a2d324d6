import type { Command } from 'commander';
import { verifyKeys } from '../../custody/verifyKeys.js';
import { toHex } from '../common/hex.js';
import { ExitCode, action, printJson, printLines } from '../common/output.js';
import { withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';

/**
 * `keys verify`: proves a test input with every key and verifies it under the stored
 * public key; reports problems. Exit 1 when any key fails.
 */
export function registerVerify(keys: Command): void {
  withBackendOptions(
    keys.command('verify').description('Check every key: the public key derives from the seed and a test proof verifies'),
  ).action(
    action(async (flags: BackendFlags) => {
      const r = await withBackend(flags, (b, config) => verifyKeys(b, config));
      const keys = r.keys.map((k) => ({
        key_id: k.keyId,
        ...(k.suite ? { suite: k.suite } : {}),
        ...(k.publicKey ? { public_key: toHex(k.publicKey) } : {}),
        ok: k.ok,
        ...(k.code ? { code: k.code, message: k.message } : {}),
      }));
      if (flags.json) printJson({ ok: r.ok, keys });
      else {
        printLines(...keys.map((k) => (k.ok ? `ok    ${k.key_id}` : `FAIL  ${k.key_id}  [${k.code}] ${k.message}`)));
        printLines(r.ok ? `${keys.length} key(s) verified` : `${keys.filter((k) => !k.ok).length} of ${keys.length} key(s) failed`);
      }
      if (!r.ok) process.exitCode = ExitCode.FAILURE;
    }),
  );
}
