/**
 * Bundles a browser entry with esbuild the way a web application would: the package is imported
 * by name (`cardano-vrf`, `cardano-vrf/cardano`) and resolved through package.json "exports" to
 * the built files in dist/, for platform "browser" (any node:* import fails the build).
 */
import { build } from 'esbuild';
import { ROOT } from '../helpers/cli.js';

export { ROOT };

/** Bundles `entry` into one ES2022 script (an IIFE); returns its text. */
export async function bundleForBrowser(entry: string, minify = false): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
