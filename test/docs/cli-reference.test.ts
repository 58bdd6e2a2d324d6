/**
 * docs/cli.md is generated from the command definitions (scripts/gen-cli-docs.mjs walks the real
 * commander program of dist/cli/main.js) and must match them: a changed flag or description means
 * `npm run docs:cli` and a commit of docs/cli.md. Needs a build (npm test builds).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/cli.js';

interface CommandNode {
  name: string;
  description: string;
  usage: string;
  options: { flags: string; description: string }[];
  commands: CommandNode[];
}

function flatten(c: CommandNode, path = ''): { path: string; node: CommandNode }[] {
  const p = path ? `${path} ${c.name}` : c.name;
  return [{ path: p, node: c }, ...c.commands.flatMap((s) => flatten(s, p))];
}

describe('CLI reference docs/cli.md', () => {
  test('is up to date with the command definitions, and documents every command and option', async () => {
    const gen = (await import(pathToFileURL(join(ROOT, 'scripts', 'gen-cli-docs.mjs')).href)) as {
      loadCommandTree(): CommandNode;
      render(tree: CommandNode): string;
    };
    const tree = gen.loadCommandTree();
    const all = flatten(tree);
    const groups = tree.commands.map((c) => c.name);
    for (const g of ['vrf', 'keys', 'prove', 'audit', 'leaderlog', 'praos', 'key', 'serve', 'demo']) assert.ok(groups.includes(g), `command group ${g} missing from the program`);
    for (const { path, node } of all) {
      assert.ok(node.description.trim() !== '', `${path} has no description`);
      for (const o of node.options) assert.ok(o.description.trim() !== '', `${path} ${o.flags} has no description`);
    }
    const expected = gen.render(tree);
    const current = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    for (const { path } of all) assert.ok(current.includes(`## ${path}\n`), `docs/cli.md lacks a section for ${path}`);
    assert.ok(current === expected, 'docs/cli.md is out of date with the command definitions: run `npm run docs:cli` and commit docs/cli.md');
  });
});
