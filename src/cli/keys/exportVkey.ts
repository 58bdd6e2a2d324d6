import type { Command } from 'commander';
import { envelopeToJson, verificationKeyEnvelope, vrfKeyInfo } from '../../cardano/keyFile.js';
import { writeTextEnvelope } from '../../cardano/keyFileIo.js';
import { action, printJson, printLines } from '../common/output.js';
import { keyIdFlag, withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';

interface Flags extends BackendFlags {
  keyId?: string;
  out?: string;
}

/**
 * `keys export-vkey --key-id ID [--out FILE]`: the cardano-cli verification key file
 * (VrfVerificationKey_PraosVRF) for pool registration; printed when --out is absent.
 */
export function registerExportVkey(keys: Command): void {
  withBackendOptions(
    keys
      .command('export-vkey')
      .description('Export the verification key as a cardano-cli vrf.vkey (TextEnvelope)')
      .requiredOption('--key-id <id>', 'key id')
      .option('--out <file>', 'write the vrf.vkey here (mode 0644; refuses to replace a file)'),
  ).action(
    action(async (flags: Flags) => {
      const keyId = keyIdFlag(flags.keyId);
      const m = await withBackend(flags, (b) => b.getKey(keyId));
      const env = verificationKeyEnvelope(m.publicKey);
      if (flags.out) await writeTextEnvelope(flags.out, env, { mode: 0o644 });
      const info = vrfKeyInfo(m.publicKey);
      if (flags.json) printJson({ key_id: keyId, suite: m.suite, ...(flags.out ? { file: flags.out } : { vkey: env }), ...info });
      else if (flags.out) printLines(`wrote ${flags.out}`, `vrf_vkey_hash: ${info.vrf_vkey_hash}`);
      else process.stdout.write(envelopeToJson(env));
    }),
  );
}
