/**
 * The demo page (examples/browser/) in headless Chromium: builds it with its own script, serves
 * it on loopback, pastes the real mainnet header and its epoch nonce, and reads what the page
 * shows: valid, the output, the leader value, and the leader verdict for a winning and a losing
 * stake; then the VRF-fields form with a tampered proof, and malformed input.
 * Needs a build (npm test builds first) and /usr/bin/chromium (skipped without it, failing under CI).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { cardanoVectors, headerCbor } from '../cardano/cardanoVectors.js';
import { requireTool } from '../helpers/requirements.js';
import { ROOT } from './bundle.js';
import { launchChromium, openReadyPage, type LaunchedChromium } from './chromium.js';
import { serveStatic, type LoopbackServer } from './serve.js';

const chromiumTool = requireTool('chromium', ['/usr/bin/chromium']);
const DEMO = join(ROOT, 'examples', 'browser');

describe('demo page examples/browser in headless Chromium', { skip: chromiumTool.skip, timeout: 180_000 }, () => {
  let browser: LaunchedChromium;
  let server: LoopbackServer;
  let page: Page;
  let pageErrors: string[] = [];
  const vectors = cardanoVectors();
  const hv = vectors.praos_headers[0];
  const winning = vectors.leader_checks.find((c) => c.mode === 'praos' && c.vrf_output === hv.vrf_output && c.is_leader)!;
  const losing = vectors.leader_checks.find((c) => c.mode === 'praos' && c.vrf_output === hv.vrf_output && !c.is_leader)!;

  const text = (id: string) => page.locator(`#${id}`).innerText();
  async function check(): Promise<string> {
    await page.click('#check');
    return text('verdict');
  }

  before(async () => {
    execFileSync(process.execPath, [join(DEMO, 'build.mjs')], { cwd: ROOT, timeout: 60_000, stdio: 'pipe' });
    server = await serveStatic({
      '/': { type: 'text/html; charset=utf-8', body: readFileSync(join(DEMO, 'index.html')) },
      '/dist/app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(DEMO, 'dist', 'app.js')) },
    });
    browser = await launchChromium(chromiumTool.path!);
    ({ page, errors: pageErrors } = await openReadyPage(browser, server.url + '/', { viewport: { width: 1000, height: 1100 } }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('pasted mainnet header: valid, output, leader value, leader for a winning stake', async () => {
    await page.fill('#header-cbor', Buffer.from(headerCbor(hv)).toString('hex'));
    await page.fill('#epoch-nonce', hv.epoch_nonce);
    await page.fill('#stake', winning.sigma);
    await page.fill('#active-slot-coeff', winning.active_slot_coeff);
    assert.equal(await check(), 'valid');
    assert.equal(await text('out-block'), String(hv.block_number));
    assert.equal(await text('out-slot'), String(hv.slot));
    assert.equal(await text('out-header-hash'), hv.header_hash);
    assert.equal(await text('out-alpha'), hv.alpha);
    assert.equal(await text('out-output'), hv.vrf_output);
    assert.equal(await text('out-leader-value'), hv.leader_value);
    assert.equal(await text('out-nonce'), hv.nonce_contribution);
    assert.equal(await text('out-vkey-hash'), hv.vrf_vkey_hash);
    assert.match(await text('out-leader'), /^yes/);
    const dir = join(ROOT, 'test-output', 'browser');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'demo-page.png'), fullPage: true });
  });

  test('the same header with a losing stake is valid but not a leader', async () => {
    await page.fill('#stake', losing.sigma);
    assert.equal(await check(), 'valid');
    assert.match(await text('out-leader'), /^no/);
  });

  test('VRF fields: the header values are valid; a flipped proof bit and another nonce are not', async () => {
    await page.check('#mode-fields');
    assert.equal(await page.locator('#header-inputs').isHidden(), true);
    await page.fill('#slot', String(hv.slot));
    await page.fill('#vrf-vkey', hv.vrf_vkey);
    await page.fill('#vrf-proof', hv.vrf_proof);
    await page.fill('#vrf-output', hv.vrf_output);
    await page.fill('#stake', '');
    assert.equal(await check(), 'valid');
    assert.equal(await text('out-leader-value'), hv.leader_value);
    assert.equal(await text('out-leader'), '—');
    const flipped = Buffer.from(hv.vrf_proof, 'hex');
    flipped[40] ^= 1;
    await page.fill('#vrf-proof', flipped.toString('hex'));
    assert.equal(await check(), 'invalid (proof_invalid)');
    await page.fill('#vrf-proof', hv.vrf_proof);
    await page.fill('#epoch-nonce', '00'.repeat(32));
    assert.equal(await check(), 'invalid (proof_invalid)');
    await page.fill('#epoch-nonce', hv.epoch_nonce);
    await page.fill('#vrf-output', '00'.repeat(64));
    assert.equal(await check(), 'invalid (output_mismatch)');
  });

  test('malformed input gets a message naming the field, not a crash', async () => {
    await page.fill('#vrf-output', '');
    await page.fill('#vrf-proof', 'abcd');
    assert.equal(await check(), 'VRF proof: 80 bytes expected, got 2');
    await page.fill('#vrf-proof', hv.vrf_proof);
    await page.fill('#slot', '-5');
    assert.equal(await check(), 'slot: a non-negative integer');
    await page.fill('#slot', String(hv.slot));
    await page.fill('#stake', '3/2');
    assert.match(await check(), /^stake: /);
    await page.fill('#stake', '');
    await page.check('#mode-header');
    await page.fill('#header-cbor', 'zz');
    assert.equal(await check(), 'header CBOR: not hexadecimal');
    await page.fill('#header-cbor', Buffer.from(headerCbor(hv)).subarray(0, 100).toString('hex'));
    assert.match(await check(), /^header CBOR: /);
    await page.fill('#header-cbor', Buffer.from(headerCbor(hv)).toString('hex'));
    await page.fill('#epoch-nonce', 'abc');
    assert.equal(await check(), 'epoch nonce: not hexadecimal');
    assert.deepEqual(pageErrors, []);
  });
});
