/**
 * The package in a real browser: esbuild bundles test/browser/page/entry.ts (which imports
 * `cardano-vrf` by name, resolved through package.json "exports" to dist/), a loopback server
 * serves it, and Debian's Chromium runs it headless. The test passes the official vectors'
 * inputs into the page and asserts the page's results against the vectors' proofs and outputs.
 * Needs a build (npm test builds first) and /usr/bin/chromium (skipped without it, failing under CI).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { requireTool } from '../helpers/requirements.js';
import { officialVectors } from '../helpers/vectors.js';
import { bundleForBrowser, ROOT } from './bundle.js';
import { CHROMIUM_FLAGS, launchChromium, type LaunchedChromium } from './chromium.js';
import type { PageApi, VectorInput } from './page/entry.js';
import { serveStatic, type LoopbackServer } from './serve.js';

const chromiumTool = requireTool('chromium', ['/usr/bin/chromium']);
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('cardano-vrf bundled and run in headless Chromium', { skip: chromiumTool.skip, timeout: 180_000 }, () => {
  let browser: LaunchedChromium;
  let server: LoopbackServer;
  let page: Page;
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];

  before(async () => {
    const bundle = await bundleForBrowser(join(ROOT, 'test', 'browser', 'page', 'entry.ts'));
    server = await serveStatic({
      '/': { type: 'text/html; charset=utf-8', body: readFileSync(join(ROOT, 'test', 'browser', 'page', 'index.html')) },
      '/bundle.js': { type: 'text/javascript; charset=utf-8', body: bundle },
    });
    browser = await launchChromium(chromiumTool.path!);
    page = await browser.browser.newPage({ viewport: { width: 1100, height: 800 } });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url + '/')) return route.continue();
      foreignRequests.push(url);
      return route.abort();
    });
    await page.goto(server.url + '/', { waitUntil: 'load', timeout: 30_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('Chromium is /usr/bin/chromium, headless, launched with exactly the specified flags', async () => {
    assert.deepEqual(browser.args.slice(0, CHROMIUM_FLAGS.length), [...CHROMIUM_FLAGS]);
    assert.match(browser.args[CHROMIUM_FLAGS.length], /^--user-data-dir=/);
    const ua = await page.evaluate(() => (globalThis as unknown as { cardanoVrfPage: PageApi }).cardanoVrfPage.userAgent());
    assert.match(ua, /HeadlessChrome\/\d+/);
    assert.ok(server.requests.includes('/bundle.js'), 'the page loaded the bundle from the loopback server');
  });

  test('the 14 official vectors: key pair, proof, verify, proofToHash and evaluate match; mutations rejected', async () => {
    const vectors = officialVectors();
    assert.equal(vectors.length, 14);
    for (const v of vectors) {
      const suite = v.ver === 'ietfdraft03' ? 'draft03' : v.ver === 'ietfdraft13' ? 'draft13' : null;
      assert.ok(suite, `${v.file}: unknown version ${v.ver}`);
      const input: VectorInput = {
        name: v.file,
        suite,
        seed: toHex(v.sk),
        publicKey: toHex(v.pk),
        alpha: toHex(v.alpha),
        proof: toHex(v.pi),
      };
      const r = await page.evaluate(
        (i) => (globalThis as unknown as { cardanoVrfPage: PageApi }).cardanoVrfPage.checkVector(i),
        input,
      );
      assert.equal(r.name, v.file);
      assert.equal(r.publicKey, toHex(v.pk), `${v.file}: public key`);
      assert.equal(r.proof, toHex(v.pi), `${v.file}: proof`);
      assert.equal(r.verifyOutput, toHex(v.beta), `${v.file}: verify output`);
      assert.equal(r.proofToHash, toHex(v.beta), `${v.file}: proofToHash`);
      assert.equal(r.evaluate, toHex(v.beta), `${v.file}: evaluate`);
      assert.equal(r.tamperedProofOutput, null, `${v.file}: a flipped challenge bit must not verify`);
      assert.equal(r.otherAlphaOutput, null, `${v.file}: another alpha must not verify`);
    }
    assert.equal(await page.locator('#results tbody tr.ok').count(), 14);
  });

  test('no page errors and no request left the loopback server', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(foreignRequests, []);
  });

  test('saves a screenshot of the page to test-output/browser/', async () => {
    const dir = join(ROOT, 'test-output', 'browser');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'vectors-in-chromium.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5_000, `screenshot is ${png.length} bytes`);
  });
});
