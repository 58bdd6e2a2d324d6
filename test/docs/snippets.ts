/**
 * Code blocks of the markdown docs, for the tests that run them: every ```ts block of a file, with
 * the `<!-- expect-output: REGEX -->` comments that follow it (each must match the block's stdout),
 * and shell sessions marked `<!-- test: NAME -->`, run against the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

export { ROOT };

/** One TypeScript block of a document. */
export interface Snippet {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  expectOutput: RegExp[];
}

/** The ```ts blocks of a markdown file, in order. */
export function tsSnippets(file: string): Snippet[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push(lines[i]);
    const expectOutput: RegExp[] = [];
    let j = i + 1;
    while (j < lines.length && (lines[j].trim() === '' || lines[j].startsWith('<!-- expect-output:'))) {
      const m = /^<!-- expect-output: (.*) -->$/.exec(lines[j].trim());
      if (m) expectOutput.push(new RegExp(m[1], 'm'));
      j++;
    }
    out.push({ line: start + 1, code: body.join('\n') + '\n', expectOutput });
  }
  return out;
}

/** The fenced block that follows `<!-- test: NAME -->` in a markdown file; throws when absent. */
export function markedBlock(file: string, name: string): string {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(`<!-- test: ${name} -->`);
  if (at < 0) throw new Error(`no <!-- test: ${name} --> marker in ${file}`);
  const m = /```[a-z]*\n([\s\S]*?)\n```/.exec(text.slice(at));
  if (!m) throw new Error(`no code block after the ${name} marker in ${file}`);
  return m[1];
}

/** Result of {@link runShellBlock}. */
export interface ShellRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a documented shell session under `bash -euo pipefail` in a fresh temporary directory (its
 * HOME and TMPDIR), with `cardano-vrf` on PATH running the built CLI and no CARDANO_VRF_* variables
 * inherited. Background jobs the session leaves are killed when it ends.
 */
export function runShellBlock(script: string, timeoutMs = 120_000): ShellRun {
  const work = mkdtempSync(join(tmpdir(), 'cardano-vrf-doc-'));
  try {
    const bin = join(work, 'bin');
    mkdirSync(bin);
    mkdirSync(join(work, 'tmp'));
    const shim = join(bin, 'cardano-vrf');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist', 'cli', 'main.js')}" "$@"\n`);
    chmodSync(shim, 0o755);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('CARDANO_VRF_')) env[k] = v;
    env.PATH = bin + delimiter + (process.env.PATH ?? '');
    env.TMPDIR = join(work, 'tmp');
    env.HOME = work;
    const guarded = `trap 'kill $(jobs -p) 2>/dev/null || true' EXIT TERM\n${script}\n`;
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', guarded], { cwd: work, env, encoding: 'utf8', timeout: timeoutMs });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
