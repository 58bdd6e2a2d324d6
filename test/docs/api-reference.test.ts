/**
 * The API reference (`npm run docs`, TypeDoc over docs/typedoc.json) builds without errors, covers
 * every package.json "exports" entry, and documents the whole core API. Undocumented exports of the
 * other layers are listed as a diagnostic. Output goes to test-output/api/ (HTML) and api.json.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../helpers/cli.js';

const OUT = join(ROOT, 'test-output', 'api');

interface Reflection {
  name: string;
  kind: number;
  comment?: { summary?: { text: string }[] };
  signatures?: Reflection[];
  children?: Reflection[];
}

/** TypeDoc ReflectionKind values used here. */
const KIND = { Namespace: 4, Variable: 32, Function: 64, Class: 128, Interface: 256, TypeAlias: 2097152 };

function documented(r: Reflection): boolean {
  const has = (x: Reflection) => (x.comment?.summary ?? []).some((p) => p.text.trim() !== '');
  return has(r) || (r.signatures ?? []).some(has);
}

/** Undocumented exports under `r` (namespaces recursed, members of classes/interfaces not counted). */
function undocumented(r: Reflection, path: string): string[] {
  const out: string[] = [];
  for (const c of r.children ?? []) {
    const p = `${path}.${c.name}`;
    if (c.kind === KIND.Namespace) out.push(...undocumented(c, p));
    else if (Object.values(KIND).includes(c.kind) && !documented(c)) out.push(p);
  }
  return out;
}

describe('API reference (TypeDoc)', { timeout: 240_000 }, () => {
  const options = JSON.parse(readFileSync(join(ROOT, 'docs', 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { import: string }>;
  };
  // "./dist/cardano/node.js" → "src/cardano/node.ts"
  const sources = Object.values(pkg.exports)
    .filter((t): t is { import: string } => typeof t === 'object')
    .map((t) => t.import.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'))
    .sort();

  test('docs/typedoc.json documents exactly the package.json exports entries', () => {
    const entries = options.entryPoints.map((e) => relative(ROOT, resolve(ROOT, 'docs', e))).sort();
    assert.deepEqual(entries, sources, 'add the new exports entry to docs/typedoc.json entryPoints');
  });

  test('TypeDoc builds the reference without errors; the core is fully documented', (t) => {
    rmSync(OUT, { recursive: true, force: true });
    const json = join(OUT, 'api.json');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--options', 'docs/typedoc.json', '--out', OUT, '--json', json, '--validation.notDocumented', 'false'],
      { cwd: ROOT, encoding: 'utf8', timeout: 200_000 },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // TypeDoc prints "Found N errors and M warnings" only when there are any; no [error] or [warning] line at all.
    assert.doesNotMatch(r.stdout + r.stderr, /\[error\]|\[warning\]|Found [1-9]\d* errors/, r.stdout + r.stderr);
    assert.ok(existsSync(join(OUT, 'index.html')));

    const project = JSON.parse(readFileSync(json, 'utf8')) as Reflection;
    const modules = (project.children ?? []).map((m) => m.name).sort();
    assert.deepEqual(modules, sources.map((s) => s.replace(/^src\//, '').replace(/(\/index)?\.ts$/, '')).sort());

    const core = project.children!.find((m) => m.name === 'vrf')!;
    for (const ns of ['draft03', 'draft13']) {
      const names = (core.children!.find((c) => c.name === ns)!.children ?? []).map((c) => c.name);
      for (const fn of ['keypairFromSeed', 'prove', 'verify', 'proofToHash', 'evaluate', 'PROOF_BYTES']) {
        assert.ok(names.includes(fn), `vrf.${ns}.${fn} missing from the reference`);
      }
    }
    assert.deepEqual(undocumented(core, 'vrf'), [], 'every export of the core carries a doc comment');

    const rest = (project.children ?? []).filter((m) => m.name !== 'vrf').flatMap((m) => undocumented(m, m.name));
    t.diagnostic(`undocumented exports outside the core: ${rest.length ? rest.join(', ') : 'none'}`);
  });
});
