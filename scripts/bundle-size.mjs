#!/usr/bin/env node
// Measures what the package costs a web page: esbuild bundles small entries that import the package
// by name (resolved through package.json "exports" to dist/, so build first), for the browser,
// minified; prints one JSON line per bundle with its minified and gzipped (level 9) sizes.
//   node scripts/bundle-size.mjs            (npm run size)
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** name → entry source. */
export const BUNDLES = {
  'verify-only': `import { draft03, draft13 } from 'cardano-vrf';
export const verify03 = draft03.verify;
export const verify13 = draft13.verify;`,
  'verify-only-draft03': `import { draft03 } from 'cardano-vrf';
export const verify = draft03.verify;`,
  'core-full': `export * from 'cardano-vrf';`,
  'header-check': `export { parsePraosHeader, checkPraosHeader } from 'cardano-vrf/cardano';`,
};

/** Bundles one entry; returns its minified and gzipped sizes in bytes. */
export async function measure(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: root, sourcefile: 'entry.js', loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents;
  return { minified_bytes: bytes.length, gzip_bytes: gzipSync(bytes, { level: 9 }).length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, source] of Object.entries(BUNDLES)) {
    const size = await measure(source);
    console.log(JSON.stringify({ bench: 'bundle-size', bundle: name, ...size, gzip_kib: +(size.gzip_bytes / 1024).toFixed(1) }));
  }
}
