/**
 * Relative links in the documents this package ships (quick start, deployment guide, CLI reference,
 * security policy, changelog) point at files that exist, and their #anchors at real headings
 * (GitHub's heading slugs).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/cli.js';

const DOCS = ['docs/quick-start.md', 'docs/deployment-guide.md', 'docs/cli.md', 'SECURITY.md', 'CHANGELOG.md', 'examples/browser/README.md'];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

test('relative links and anchors in the shipped documents resolve', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const doc of DOCS) {
    const file = join(ROOT, doc);
    const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [path, hash] = target.split('#') as [string, string | undefined];
      const dest = path === '' ? file : join(dirname(file), path);
      checked++;
      if (!existsSync(dest)) {
        broken.push(`${doc}: ${target} (no ${relative(ROOT, dest)})`);
        continue;
      }
      if (hash !== undefined && dest.endsWith('.md') && !anchors(dest).has(hash)) broken.push(`${doc}: ${target} (no heading #${hash})`);
    }
  }
  assert.ok(checked > 20, `only ${checked} links found`);
  assert.deepEqual(broken, []);
});
