/**
 * The package in a real browser: esbuild bundles test/browser/page/entry.ts (which imports
 * `cardano-vrf` and `cardano-vrf/cardano` by name, resolved through package.json "exports" to
 * dist/), a loopback server serves it, and Debian's Chromium runs it headless. The test passes
 * the official vectors and the real mainnet header into the page and asserts the page's results
 * against the vectors' proofs, outputs and derived values.
 * Needs a build (npm test builds first) and /usr/bin/chromium (skipped without it, failing under CI).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { requireTool } from '../helpers/requirements.js';
import { cardanoVectors, headerCbor } from '../cardano/cardanoVectors.js';
import { officialVectors, type OfficialVector } from '../helpers/vectors.js';
import { bundleForBrowser, ROOT } from './bundle.js';
import { CHROMIUM_FLAGS, launchChromium, openReadyPage, type LaunchedChromium } from './chromium.js';
import type { PageApi, VectorInput } from './page/entry.js';
import type { HeaderInput } from './page/cardano.js';
import type { WorkerInput } from './page/worker.js';
import { serveStatic, type LoopbackServer } from './serve.js';

const chromiumTool = requireTool('chromium', ['/usr/bin/chromium']);
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** The suite of an official vector (its `ver` field). */
function suiteOf(v: OfficialVector): 'draft03' | 'draft13' {
  if (v.ver === 'ietfdraft03') return 'draft03';
  if (v.ver === 'ietfdraft13') return 'draft13';
  throw new Error(`${v.file}: unknown version ${v.ver}`);
}

describe('cardano-vrf and cardano-vrf/cardano bundled and run in headless Chromium', { skip: chromiumTool.skip, timeout: 180_000 }, () => {
  let browser: LaunchedChromium;
  let server: LoopbackServer;
  let page: Page;
  let pageErrors: string[] = [];
  const foreignRequests: string[] = [];

  before(async () => {
    const bundle = await bundleForBrowser(join(ROOT, 'test', 'browser', 'page', 'entry.ts'));
    server = await serveStatic({
      '/': { type: 'text/html; charset=utf-8', body: readFileSync(join(ROOT, 'test', 'browser', 'page', 'index.html')) },
      '/bundle.js': { type: 'text/javascript; charset=utf-8', body: bundle },
      '/worker.js': { type: 'text/javascript; charset=utf-8', body: await bundleForBrowser(join(ROOT, 'test', 'browser', 'page', 'worker.ts')) },
    });
    browser = await launchChromium(chromiumTool.path!);
    ({ page, errors: pageErrors } = await openReadyPage(browser, server.url + '/', {
      beforeGoto: (p) =>
        p.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith(server.url + '/')) return route.continue();
          foreignRequests.push(url);
          return route.abort();
        }),
    }));
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
      const input: VectorInput = {
        name: v.file,
        suite: suiteOf(v),
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

  test('the 14 official vectors verify inside a dedicated Web Worker too', async () => {
    const vectors = officialVectors();
    const inputs: WorkerInput[] = vectors.map((v) => ({
      name: v.file,
      suite: suiteOf(v),
      publicKey: toHex(v.pk),
      alpha: toHex(v.alpha),
      proof: toHex(v.pi),
    }));
    const results = await page.evaluate(
      (i) => (globalThis as unknown as { cardanoVrfPage: PageApi }).cardanoVrfPage.verifyInWorker(i),
      inputs,
    );
    assert.deepEqual(
      results.map((r) => [r.name, r.verifyOutput]),
      vectors.map((v) => [v.file, toHex(v.beta)]),
    );
    assert.ok(server.requests.includes('/worker.js'));
  });

  test('the real mainnet header: parsed from CBOR, VRF valid, output, leader value and nonce values match', async () => {
    const vectors = cardanoVectors();
    const hv = vectors.praos_headers[0];
    const stakes = vectors.leader_checks
      .filter((c) => c.mode === 'praos' && c.vrf_output === hv.vrf_output)
      .map((c) => ({ sigma: c.sigma, activeSlotCoeff: c.active_slot_coeff, expected: c.is_leader }));
    assert.ok(stakes.some((s) => s.expected) && stakes.some((s) => !s.expected), 'the vectors hold a winning and a losing stake');
    const input: HeaderInput = { cbor: toHex(headerCbor(hv)), epochNonce: hv.epoch_nonce, stakes };
    const r = await page.evaluate((i) => (globalThis as unknown as { cardanoVrfPage: PageApi }).cardanoVrfPage.checkHeader(i), input);
    assert.equal(r.blockNumber, String(hv.block_number));
    assert.equal(r.slot, String(hv.slot));
    assert.equal(r.headerHash, hv.header_hash);
    assert.equal(r.vrfVkey, hv.vrf_vkey);
    assert.equal(r.vrfProof, hv.vrf_proof);
    assert.equal(r.vrfOutput, hv.vrf_output);
    assert.equal(r.alpha, hv.alpha);
    assert.equal(r.valid, true);
    assert.equal(r.output, hv.vrf_output);
    assert.equal(r.leaderValue, hv.leader_value);
    assert.equal(r.nonceVrfOutput, hv.nonce_vrf_output);
    assert.equal(r.nonceContribution, hv.nonce_contribution);
    assert.equal(r.vrfVkeyHash, hv.vrf_vkey_hash);
    assert.deepEqual(r.isLeader, stakes.map((s) => s.expected));
    assert.equal(r.tamperedValid, false, 'a flipped proof bit inside the CBOR must not verify');
    assert.equal(r.otherNonceValid, false, 'the proof must not verify under another epoch nonce');
    assert.equal(r.truncatedParsed, false, 'truncated CBOR must be refused');
  });

  test('every leader-check vector gives the expected verdict in the page', async () => {
    const cases = cardanoVectors().leader_checks;
    assert.ok(cases.length >= 2);
    for (const c of cases) {
      const won = await page.evaluate(
        (i) => (globalThis as unknown as { cardanoVrfPage: PageApi }).cardanoVrfPage.checkLeader(i),
        { output: c.vrf_output, sigma: c.sigma, activeSlotCoeff: c.active_slot_coeff, mode: c.mode },
      );
      assert.equal(won, c.is_leader, `σ = ${c.sigma}, f = ${c.active_slot_coeff}, ${c.mode}`);
    }
  });

  test('a cardano-cli key-file pair parses in the page; wrong kinds and bad JSON get their codes', async () => {
    const kf = cardanoVectors().key_files[0];
    const r = await page.evaluate(
      ([s, v]) => (globalThis as unknown as { cardanoVrfPage: PageApi }).cardanoVrfPage.checkKeyFiles(s, v),
      [JSON.stringify(kf.skey), JSON.stringify(kf.vkey)] as const,
    );
    const pk = kf.vkey.cborHex.slice(4);
    assert.equal(r.signingSeed, kf.seed);
    assert.equal(r.signingPublicKey, pk);
    assert.equal(r.verificationPublicKey, pk);
    assert.equal(r.vrfVkeyHash, kf.vrf_vkey_hash);
    assert.equal(r.wrongKindCode, 'KEY_FILE_WRONG_TYPE');
    assert.equal(r.badJsonCode, 'KEY_FILE_BAD_JSON');
  });

  test('no page errors and no request left the loopback server', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(foreignRequests, []);
  });

  test('saves a screenshot of the page to test-output/browser/', async () => {
    const dir = join(ROOT, 'test-output', 'browser');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'checks-in-chromium.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5_000, `screenshot is ${png.length} bytes`);
  });
});
