import type { Command } from 'commander';
import { suiteOption, parseSuite } from '../common/suiteOption.js';
import { action, printJson, printLines } from '../common/output.js';
import { keyIdFlag, keyJson, keyLines, withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';
import { parseTags } from './generate.js';

interface ImportFlags extends BackendFlags {
  keyId?: string;
  vrfSkey: string;
  suite: string;
  tag: string[];
  deletionProtection?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** `keys import --key-id ID --vrf-skey FILE`: moves a cardano-cli VRF key into the backend; the file is left untouched. */
export function registerImport(keys: Command): void {
  withBackendOptions(
    keys
      .command('import')
      .description('Import a cardano-cli vrf.skey (VrfSigningKey_PraosVRF); the file is left untouched')
      .requiredOption('--key-id <id>', 'key id: 1-64 characters [A-Za-z0-9._-]')
      .requiredOption('--vrf-skey <file>', 'cardano-cli VRF signing key file')
      .addOption(suiteOption())
      .option('--tag <key=value>', 'metadata tag (repeatable)', collect, [])
      .option('--deletion-protection', 'refuse keys delete for this key'),
  ).action(
    action(async (flags: ImportFlags) => {
      const keyId = keyIdFlag(flags.keyId);
      const suite = parseSuite(flags.suite);
      const tags = parseTags(flags.tag);
      const m = await withBackend(flags, (b) =>
        b.importKey(keyId, { skeyFile: flags.vrfSkey }, { suite, tags, deletionProtection: flags.deletionProtection === true }),
      );
      if (flags.json) printJson(keyJson(m));
      else printLines(...keyLines(keyJson(m)));
      process.stderr.write(
        `The plaintext key file ${flags.vrfSkey} was left untouched. Once you have checked the imported key ` +
          `(cardano-vrf keys verify), destroy it: shred -u ${JSON.stringify(flags.vrfSkey)} ` +
          `(on SSDs and copy-on-write file systems also destroy any backups and copies).\n`,
      );
    }),
  );
}
