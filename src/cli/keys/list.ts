import type { Command } from 'commander';
import { action, printJson, printLines } from '../common/output.js';
import { keyJson, withBackend, withBackendOptions, type BackendFlags } from './backendOptions.js';

/** `keys list`: every key, sorted by id; JSON is an array of `{ key_id, suite, public_key }`. */
export function registerList(keys: Command): void {
  withBackendOptions(keys.command('list').description('List keys')).action(
    action(async (flags: BackendFlags) => {
      const list = (await withBackend(flags, (b) => b.listKeys())).map(keyJson);
      if (flags.json) printJson(list);
      else if (list.length === 0) printLines('(no keys)');
      else printLines(...list.map((k) => `${k.key_id}  ${k.suite}  ${k.public_key}`));
    }),
  );
}
