#!/usr/bin/env node
// Builds the demo page: bundles src/app.ts (which imports the package by name, resolved through
// package.json "exports" to dist/, so build the package first) into dist/app.js next to index.html.
// Open examples/browser/index.html from any static server afterwards.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundles the demo; returns the output path. */
export async function buildDemo({ minify = true } = {}) {
  const outfile = join(here, 'dist', 'app.js');
  await build({
    entryPoints: [join(here, 'src', 'app.ts')],
    absWorkingDir: join(here, '..', '..'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify,
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`built ${await buildDemo()}`);
}
