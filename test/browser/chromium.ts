/**
 * Launches Debian's Chromium (/usr/bin/chromium) headless through playwright-core with exactly
 * the flags the browser tests are specified with, plus a fresh --user-data-dir and the pipe
 * playwright talks over.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The Chromium flags of issue 8, in order. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A running browser and how to stop it (closes it and deletes its profile directory). */
export interface LaunchedChromium {
  browser: Browser;
  args: string[];
  close(): Promise<void>;
}

/** Starts Chromium at `executablePath` with {@link CHROMIUM_FLAGS} and a new, empty profile. */
export async function launchChromium(executablePath: string): Promise<LaunchedChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'cardano-vrf-chromium-'));
  // ignoreDefaultArgs: true → playwright adds none of its own switches; it only needs the pipe.
  const args = [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--no-startup-window'];
  try {
    const browser = await chromium.launch({ executablePath, headless: true, ignoreDefaultArgs: true, args, timeout: 60_000 });
    return {
      browser,
      args,
      async close() {
        await browser.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

/** A page that has loaded and flagged itself ready, with the errors it has thrown or logged so far. */
export interface ReadyPage {
  page: Page;
  /** Uncaught exceptions and console errors, in order. */
  errors: string[];
}

/**
 * Opens `url` in a new page of `launched` and waits until the page sets `data-ready="true"` on its
 * body. Page exceptions and console errors are collected in `errors` from the start;
 * `beforeGoto` runs on the blank page first (e.g. to install request routes).
 */
export async function openReadyPage(
  launched: LaunchedChromium,
  url: string,
  options: { viewport?: { width: number; height: number }; beforeGoto?: (page: Page) => Promise<unknown> } = {},
): Promise<ReadyPage> {
  const page = await launched.browser.newPage({ viewport: options.viewport ?? { width: 1100, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await options.beforeGoto?.(page);
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 30_000 });
  return { page, errors };
}
