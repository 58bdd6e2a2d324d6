/**
 * System tools some tests need (chromium, softhsm2, promtool...). When a tool is missing a
 * test is skipped with a clear message on a developer machine, and fails under CI
 * (`CI` set), where `.ci/run` is supposed to have installed it.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** A found tool (`path`, `skip: false`) or a reason to skip (`path: null`, `skip: message`). */
export type ToolRequirement = { path: string; skip: false } | { path: null; skip: string };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First candidate that is an executable file: absolute paths as given, bare names looked up on PATH. */
export function findTool(candidates: readonly string[]): string | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const c of candidates) {
    if (isAbsolute(c)) {
      if (executable(c)) return c;
      continue;
    }
    for (const d of dirs) {
      const p = join(d, c);
      if (executable(p)) return p;
    }
  }
  return null;
}

/**
 * Looks for `name` among `candidates`. Found: `{ path, skip: false }`. Missing: throws when
 * `process.env.CI` is set (CI must have it), else returns `{ path: null, skip }` with a message
 * for `test(..., { skip })`.
 */
export function requireTool(name: string, candidates: readonly string[]): ToolRequirement {
  const path = findTool(candidates);
  if (path !== null) return { path, skip: false };
  const message = `${name} not found (looked for ${candidates.join(', ')}); install it (apt-get install ${name}) to run this test`;
  if (process.env.CI) throw new Error(`${message} (required under CI)`);
  return { path: null, skip: message };
}
