/** Runs inside Chromium for bench/browser.ts: installs the measured operations on globalThis. */
import { run } from './browser-ops.js';

(globalThis as unknown as { cardanoVrfBench: { run: typeof run } }).cardanoVrfBench = { run };
document.body.dataset.ready = 'true';
