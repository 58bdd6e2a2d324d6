/**
 * The npm package as a consumer gets it: `npm pack` the built package, check the tarball holds
 * only built code, types, README, LICENSE and docs, install it into a fresh project (its
 * dependencies come from the registry, or npm's cache when present), then, under TypeScript
 * strict, import every "exports" entry, type-check and run a small program, and run
 * `npx cardano-vrf --help`. Needs a build first (npm test builds).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../helpers/cli.js';
import { officialVectors } from '../helpers/vectors.js';
import { consumerProgram } from './program.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, string | { types: string; import: string }>;
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
};
const quietNpm = ['--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'];

/** Paths a tarball may hold (relative to package/). */
function allowedInTarball(path: string): boolean {
  return (
    ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'SECURITY.md'].includes(path) ||
    /^dist\/.+\.(js|d\.ts|wasm)$/.test(path) ||
    /^docs\/.+\.md$/.test(path)
  );
}

describe('npm package: pack, install into a fresh project, import under TypeScript strict', { timeout: 600_000 }, () => {
  let work: string;
  let tarball: string;
  let files: string[];
  let consumer: string;

  before(() => {
    assert.ok(existsSync(join(ROOT, 'dist', 'vrf', 'index.js')), 'dist/ is missing: run npm run build first');
    work = mkdtempSync(join(tmpdir(), 'cardano-vrf-package-'));
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work, ...quietNpm], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, npm_config_ignore_scripts: 'true' },
    });
    const [info] = JSON.parse(out) as [{ filename: string; files: { path: string }[] }];
    tarball = join(work, info.filename);
    files = info.files.map((f) => f.path).sort();
    consumer = join(work, 'consumer');
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds only built code, types, README, LICENSE and docs', () => {
    assert.ok(existsSync(tarball));
    const unexpected = files.filter((f) => !allowedInTarball(f));
    assert.deepEqual(unexpected, [], `unexpected files in the tarball: ${unexpected.join(', ')}`);
    for (const required of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'SECURITY.md', 'docs/quick-start.md', 'docs/cli.md']) {
      assert.ok(files.includes(required), `${required} missing`);
    }
    for (const [entry, target] of Object.entries(pkg.exports)) {
      const paths = typeof target === 'string' ? [target] : [target.types, target.import];
      for (const p of paths) assert.ok(files.includes(p.replace(/^\.\//, '')), `exports["${entry}"] → ${p} is not in the tarball`);
    }
    for (const bin of Object.values(pkg.bin)) assert.ok(files.includes(bin), `bin ${bin} is not in the tarball`);
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map')), 'sources, tests or source maps shipped');
  });

  test('installs into a fresh project; a strict TypeScript program imports every exports entry, type-checks and runs', () => {
    const v = officialVectors().find((x) => x.file === 'vrf_ver03_standard_10')!;
    const v13 = officialVectors().find((x) => x.file === 'vrf_ver13_standard_10')!;
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify(
        {
          name: 'cardano-vrf-consumer',
          private: true,
          type: 'module',
          dependencies: { [pkg.name]: `file:${tarball}` },
          devDependencies: { typescript: pkg.devDependencies.typescript, '@types/node': pkg.devDependencies['@types/node'] },
        },
        null,
        2,
      ),
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          resolveJsonModule: true,
          skipLibCheck: false,
          types: ['node'],
          outDir: 'build',
        },
        include: ['consumer.ts'],
      }),
    );
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const entries = Object.keys(pkg.exports)
      .filter((e) => e !== '.' && e !== './package.json')
      .map((e) => `${pkg.name}/${e.slice(2)}`);
    writeFileSync(join(consumer, 'consumer.ts'), consumerProgram({ entries, seed: hex(v.sk), alpha: hex(v.alpha), seed13: hex(v13.sk) }));

    execFileSync('npm', ['install', ...quietNpm], { cwd: consumer, encoding: 'utf8', timeout: 400_000, stdio: 'pipe' });
    const installed = JSON.parse(readFileSync(join(consumer, 'node_modules', pkg.name, 'package.json'), 'utf8')) as { version: string };
    assert.equal(installed.version, pkg.version);

    const tsc = spawnSync(process.execPath, [join(consumer, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], {
      cwd: consumer,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);

    const run = spawnSync(process.execPath, [join(consumer, 'build', 'consumer.js')], { cwd: consumer, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, `consumer program failed:\n${run.stderr}`);
    const result = JSON.parse(run.stdout) as Record<string, unknown> & { entries: Array<[string, number]> };
    assert.equal(result.version, pkg.version);
    assert.equal(result.publicKey, hex(v.pk));
    assert.equal(result.proof, hex(v.pi));
    assert.equal(result.output, hex(v.beta));
    assert.equal(result.publicKey13, hex(v13.pk));
    assert.equal(result.output13, hex(v13.beta));
    assert.equal(result.tamperedRejected, true);
    assert.equal(result.proofBytes, 80);
    assert.equal(result.isSuite, true);
    assert.equal(result.badSeedCode, 'VRF_BAD_LENGTH');
    assert.deepEqual(
      result.entries.map(([name]) => name),
      [pkg.name, ...entries],
    );
    for (const [name, count] of result.entries) assert.ok(count > 0, `${name} exports nothing`);
  });

  test('npx cardano-vrf --help runs the installed command line', () => {
    const r = spawnSync('npx', ['cardano-vrf', '--help'], { cwd: consumer, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: cardano-vrf /m);
    assert.match(r.stdout, /Commands:/);
  });
});
