/**
 * docs/quick-start.md works as written: every ```ts block is type-checked under TypeScript strict
 * (importing the package by name, resolved through package.json "exports" to dist/) and run; its
 * stdout must match the block's `<!-- expect-output: ... -->` comments. Needs a build (npm test builds).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tsSnippets } from './snippets.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOC = join(ROOT, 'docs', 'quick-start.md');
// Inside the package, so that `import 'cardano-vrf'` resolves to this package (self-reference).
const DIR = join(ROOT, 'test-output', 'doc-snippets', 'quick-start');

describe('docs/quick-start.md code blocks', () => {
  const snippets = tsSnippets(DOC);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const files = snippets.map((s) => {
    const file = join(DIR, `line-${s.line}.ts`);
    writeFileSync(file, s.code);
    return file;
  });

  test('the page has TypeScript blocks, each with expected output', () => {
    assert.ok(snippets.length >= 3, `found ${snippets.length} blocks`);
    for (const s of snippets) assert.ok(s.expectOutput.length > 0, `block at line ${s.line} has no expect-output comment`);
  });

  test('every block type-checks under strict', () => {
    const tsc = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '--strict',
        '--target', 'es2022',
        '--module', 'nodenext',
        '--moduleResolution', 'nodenext',
        '--types', 'node',
        '--skipLibCheck',
        ...files,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });

  for (const [i, s] of snippets.entries()) {
    test(`block at line ${s.line} runs and prints what the page says`, () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', files[i]], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      for (const re of s.expectOutput) assert.match(r.stdout, re);
    });
  }
});
