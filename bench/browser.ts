/**
 * The package's speed inside headless Chromium (Debian's /usr/bin/chromium, the flags of the
 * browser tests): bundles bench/browser-page.ts with esbuild, serves it on loopback, and prints one
 * JSON line per operation measured in the page, with the same operation measured in Node in the
 * same run (`nodeUsPerOp`) and their ratio, which travels between machines better than the times.
 *   npm run build && node --import tsx bench/browser.ts        (BENCH_SECONDS: time per line, default 1)
 */
import { join } from 'node:path';
import { bundleForBrowser, ROOT } from '../test/browser/bundle.js';
import { launchChromium, openReadyPage } from '../test/browser/chromium.js';
import { serveStatic } from '../test/browser/serve.js';
import { run, type BrowserMeasure } from './browser-ops.js';

const seconds = Number(process.env.BENCH_SECONDS ?? '1');
const bundle = await bundleForBrowser(join(ROOT, 'bench', 'browser-page.ts'), true);
const server = await serveStatic({
  '/': { type: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><title>cardano-vrf bench</title><body><script src="/bench.js"></script></body>' },
  '/bench.js': { type: 'text/javascript; charset=utf-8', body: bundle },
});
const chromium = await launchChromium('/usr/bin/chromium');
try {
  const { page } = await openReadyPage(chromium, server.url + '/');
  const browser = chromium.browser.version();
  process.stdout.write(JSON.stringify({ name: 'machine', browser: `Chromium ${browser}`, headless: true }) + '\n');
  const results = await page.evaluate(
    (s) => (globalThis as unknown as { cardanoVrfBench: { run(s: number): BrowserMeasure[] } }).cardanoVrfBench.run(s),
    seconds,
  );
  const node = run(seconds);
  for (const r of results) {
    const n = node.find((m) => m.op === r.op && m.suite === r.suite)!;
    const line = { bench: 'browser', ...r, runtime: `Chromium ${browser}`, nodeUsPerOp: n.usPerOp, ratioToNode: Number((r.usPerOp / n.usPerOp).toFixed(2)) };
    process.stdout.write(JSON.stringify(line) + '\n');
  }
} finally {
  await chromium.close();
  await server.close();
}
