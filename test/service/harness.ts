/**
 * End-to-end harness for the signing service: builds software keystores with known
 * seeds through the custody library, writes a service configuration, spawns the real
 * `cardano-vrf serve` process (dist/cli/main.js, built by `npm test`), and talks to it
 * over loopback HTTP with a keep-alive agent. Every spawned process is killed when the
 * test ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConfig } from '../../src/custody/config.js';
import { openBackend } from '../../src/custody/openBackend.js';
import { hashToken } from '../../src/service/auth.js';
import type { Suite } from '../../src/vrf/suite.js';

/** Repository root and the built CLI. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** A temporary directory removed by `cleanup()`. */
export function tempDir(prefix = 'cvrf-svc-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A key to create: id, suite, and the seed (so tests can compare with in-memory proofs). */
export interface TestKey {
  id: string;
  suite: Suite;
  seed: Uint8Array;
}

/** A fresh test key with a random seed. */
export function testKey(id: string, suite: Suite = 'draft03'): TestKey {
  return { id, suite, seed: Uint8Array.from(randomBytes(32)) };
}

/** Creates a software keystore at `dir` holding `keys` (imported from their seeds). */
export async function makeKeystore(dir: string, keys: TestKey[]): Promise<void> {
  const cfg = parseConfig({ type: 'software', keystore_dir: dir, audit_log: join(dir, '..', `${dir.split('/').pop()}-setup-audit.log`) }, dir);
  const b = await openBackend(cfg, { actor: 'test-setup' });
  try {
    for (const k of keys) await b.importKey(k.id, Uint8Array.from(k.seed), { suite: k.suite });
  } finally {
    await b.close();
  }
}

/** Tokens every harness configuration carries (plain values for the tests, hashes in the file). */
export const TOKENS = {
  prover: 'test-prover-token-0123456789abcdef',
  officer: 'test-officer-token-0123456789abcdef',
  metrics: 'test-metrics-token-0123456789abcdef',
  limited: 'test-limited-token-0123456789abcdef',
} as const;

/** The `tokens` section for {@link TOKENS}; `limited` may only use `limitedKeys`. */
export function tokenSection(limitedKeys: string[], extra: Record<string, unknown> = {}): unknown[] {
  return [
    { name: 'producer', sha256: hashToken(TOKENS.prover), roles: ['prover'], ...extra },
    { name: 'officer', sha256: hashToken(TOKENS.officer), roles: ['officer'] },
    { name: 'prometheus', sha256: hashToken(TOKENS.metrics), roles: ['metrics'] },
    { name: 'limited', sha256: hashToken(TOKENS.limited), roles: ['prover'], keys: limitedKeys },
  ];
}

/** Writes a configuration document as JSON. */
export function writeConfig(file: string, doc: unknown): void {
  writeFileSync(file, JSON.stringify(doc, null, 2), { mode: 0o600 });
}

/**
 * The common single-backend set-up: a software keystore `<dir>/keys` holding `keys`, and
 * `<dir>/service.json` serving them from backend `main` with the test tokens (`extra` adds
 * top-level configuration fields); then starts serve on it.
 */
export async function serveSoftwareKeys(dir: string, keys: TestKey[], extra: Record<string, unknown> = {}): Promise<ServeProcess> {
  await makeKeystore(join(dir, 'keys'), keys);
  writeConfig(join(dir, 'service.json'), {
    ...extra,
    backends: { main: { type: 'software', keystore_dir: './keys', audit_log: './audit.log' } },
    keys: keys.map((k) => ({ id: k.id, backend: 'main' })),
    tokens: tokenSection([]),
  });
  return startServe(join(dir, 'service.json'));
}

/** A running `cardano-vrf serve` child. */
export interface ServeProcess {
  proc: ChildProcess;
  base: string;
  port: number;
  /** Every stdout JSON log line so far. */
  logs: Record<string, unknown>[];
  stderr: () => string;
  /** Resolves with the exit code (or signal) once the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process (SIGKILL) if still running. */
  kill: () => void;
}

/** Spawns `cardano-vrf serve --config FILE --port 0` and waits for its "listening" line (10 s max). */
export async function startServe(configFile: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--config', configFile, '--port', '0', ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let err = '';
  let buf = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within 10 s; stderr: ${err}`)), 10_000);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          const o = JSON.parse(line) as Record<string, unknown>;
          logs.push(o);
          if (o.msg === 'listening') {
            clearTimeout(timer);
            resolvePort(o.port as number);
          }
        } catch {
          logs.push({ raw: line });
        }
      }
    });
    void exited.then((x) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${x.code ?? x.signal}) before listening; stderr: ${err}`));
    });
  });
  return {
    proc,
    base: `http://127.0.0.1:${port}`,
    port,
    logs,
    stderr: () => err,
    exited,
    kill: () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    },
  };
}

/** A loopback keep-alive agent shared by a test file's requests. */
export const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** A parsed HTTP response. */
export interface Res {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** One HTTP request (body: string/Buffer sent as is, other values as JSON). 10 s timeout. */
export function call(base: string, method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; agent?: Agent | false } = {}): Promise<Res> {
  const url = new URL(path, base);
  const headers: Record<string, string> = { ...opts.headers };
  let payload: Buffer | undefined;
  if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? Buffer.from(opts.body) : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(JSON.stringify(opts.body));
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(payload.length);
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return new Promise((resolveRes, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: opts.agent ?? agent, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = undefined;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON (metrics)
          }
          resolveRes({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request ${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls `fn` every 50 ms until it returns true or `ms` pass; returns the elapsed milliseconds or throws. */
export async function waitFor(fn: () => Promise<boolean>, ms: number, what: string): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await fn().catch(() => false)) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The current mainnet slot (the service's default network). */
export function mainnetSlotNow(): number {
  return 4_492_800 + Math.floor((Date.now() - Date.UTC(2020, 6, 29, 21, 44, 51)) / 1000);
}

/** Hex helpers. */
export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const unhex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/** Reads one sample's value from a Prometheus exposition (`name{labels}` exact, label order as printed). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (.+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got: Record<string, string> = {};
    for (const part of (m[3] ?? '').match(/[a-zA-Z_]+="(?:[^"\\]|\\.)*"/g) ?? []) {
      const eq = part.indexOf('=');
      got[part.slice(0, eq)] = part.slice(eq + 2, -1);
    }
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[4]);
  }
  return null;
}
