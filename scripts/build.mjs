#!/usr/bin/env node
// Build: generated sources first (each step is a module in scripts/build-steps/), then tsc.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stepsDir = join(root, 'scripts', 'build-steps');
if (existsSync(stepsDir)) {
  for (const name of readdirSync(stepsDir).filter((f) => f.endsWith('.mjs')).sort()) {
    const step = await import(pathToFileURL(join(stepsDir, name)).href);
    await step.default(root);
  }
}
// `--generate-only`: just the generated sources (what `npm run typecheck` needs).
if (process.argv.includes('--generate-only')) process.exit(0);
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
  cwd: root,
});
const bin = join(root, 'dist', 'cli', 'main.js');
if (existsSync(bin)) chmodSync(bin, 0o755);
