/**
 * Launches Debian's Chromium (/usr/bin/chromium) headless through playwright-core with exactly
 * the flags the browser tests are specified with, plus a fresh --user-data-dir and the pipe
 * playwright talks over.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

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
