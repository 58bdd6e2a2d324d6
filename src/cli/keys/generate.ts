import type { Command } from 'commander';
import { suiteOption, parseSuite } from '../common/suiteOption.js';
import { UsageError, action, printJson, printLines } from '../common/output.js';
import { keyIdFlag, keyJson, keyLines, withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';

interface GenerateFlags extends BackendFlags {
  keyId?: string;
  suite: string;
  tag: string[];
  deletionProtection?: boolean;
}

/** Parses repeated `--tag key=value` flags. */
export function parseTags(values: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new UsageError(`--tag must be key=value, got ${JSON.stringify(v)}`);
    tags[v.slice(0, i)] = v.slice(i + 1);
  }
  return tags;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** `keys generate --key-id ID [--suite draft03|draft13] [--tag k=v]... [--deletion-protection]`. */
export function registerGenerate(keys: Command): void {
  withBackendOptions(
    keys
      .command('generate')
      .description("Generate a key from the backend's random source")
      .requiredOption('--key-id <id>', 'key id: 1-64 characters [A-Za-z0-9._-]')
      .addOption(suiteOption())
      .option('--tag <key=value>', 'metadata tag (repeatable), e.g. env=prod', collect, [])
      .option('--deletion-protection', 'refuse keys delete for this key'),
  ).action(
    action(async (flags: GenerateFlags) => {
      const keyId = keyIdFlag(flags.keyId);
      const suite = parseSuite(flags.suite);
      const tags = parseTags(flags.tag);
      const m = await withBackend(flags, (b) => b.generateKey(keyId, { suite, tags, deletionProtection: flags.deletionProtection === true }));
      if (flags.json) printJson(keyJson(m));
      else printLines(...keyLines(keyJson(m)));
    }),
  );
}
