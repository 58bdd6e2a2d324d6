/**
 * The verify-only browser bundle stays under the aim of 30 KB minified and gzipped
 * (scripts/bundle-size.mjs measures it: esbuild, the package imported by name, minify, gzip -9).
 * Sizes are deterministic for a given build, so this is a budget, not a timing. Needs a build.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers/cli.js';

const BUDGET_GZIP_BYTES = 30_000;

test('verify-only bundle (draft03.verify + draft13.verify) is under 30 KB gzipped', async (t) => {
  const { BUNDLES, measure } = (await import(pathToFileURL(join(ROOT, 'scripts', 'bundle-size.mjs')).href)) as {
    BUNDLES: Record<string, string>;
    measure(source: string): Promise<{ minified_bytes: number; gzip_bytes: number }>;
  };
  const size = await measure(BUNDLES['verify-only']);
  t.diagnostic(`verify-only: ${size.minified_bytes} bytes minified, ${size.gzip_bytes} bytes gzipped`);
  assert.ok(size.minified_bytes > 5_000, 'the bundle is suspiciously small: did it include the engine?');
  assert.ok(
    size.gzip_bytes < BUDGET_GZIP_BYTES,
    `verify-only bundle is ${size.gzip_bytes} bytes gzipped, over the ${BUDGET_GZIP_BYTES}-byte aim (README "Browser")`,
  );
});
