/**
 * Throw-away SoftHSMv2 tokens for tests. {@link createSoftHsm} makes a temporary
 * directory with its own softhsm2.conf and token directory and points SOFTHSM2_CONF at
 * it (SoftHSM reads it at C_Initialize, so call this before any backend opens the
 * module in the process); {@link SoftHsm.initToken} runs
 * `softhsm2-util --init-token --free --label L --pin P --so-pin S`.
 *
 * When softhsm2-util or libsofthsm2.so is missing the tests are skipped with a message on
 * a developer machine, and fail under CI (where .ci/run installs softhsm2).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './requirements.js';

/** Where Debian/Ubuntu, Fedora and source builds put the SoftHSMv2 PKCS#11 module. */
export const SOFTHSM_MODULE_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib64/pkcs11/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
];

/** A found SoftHSM installation, or why tests must skip. */
export type SoftHsmRequirement = { skip: false; util: string; module: string } | { skip: string; util: null; module: null };

/** Finds softhsm2-util and the module; skip message (or throw under CI) when missing. */
export function requireSoftHsm(): SoftHsmRequirement {
  const util = requireTool('softhsm2', ['softhsm2-util', '/usr/bin/softhsm2-util', '/usr/local/bin/softhsm2-util']);
  if (util.path === null) return { skip: util.skip, util: null, module: null };
  const module = SOFTHSM_MODULE_CANDIDATES.find((p) => existsSync(p));
  if (!module) {
    const msg = `libsofthsm2.so not found (looked in ${SOFTHSM_MODULE_CANDIDATES.join(', ')})`;
    if (process.env.CI) throw new Error(`${msg} (required under CI)`);
    return { skip: msg, util: null, module: null };
  }
  return { skip: false, util: util.path, module };
}

/** A private SoftHSM configuration with its own tokens. */
export interface SoftHsm {
  /** The temporary directory (tokens, conf, and room for key stores). */
  dir: string;
  /** Path of the PKCS#11 module. */
  module: string;
  /** Initialises a token in the first free slot. */
  initToken(label: string, userPin: string, soPin?: string): void;
  /** Deletes a token (softhsm2-util --delete-token). */
  deleteToken(label: string): void;
  /** Removes the directory. */
  cleanup(): void;
}

/** Creates a private SoftHSM setup and sets process.env.SOFTHSM2_CONF to it. */
export function createSoftHsm(req: Extract<SoftHsmRequirement, { skip: false }>): SoftHsm {
  const dir = mkdtempSync(join(tmpdir(), 'cardano-vrf-softhsm-'));
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { mode: 0o700 });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    [`directories.tokendir = ${tokens}`, 'objectstore.backend = file', 'log.level = ERROR', 'slots.removable = false', ''].join('\n'),
    { mode: 0o600 },
  );
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const run = (args: string[]) => execFileSync(req.util, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  return {
    dir,
    module: req.module,
    initToken(label, userPin, soPin = '0000-so-pin') {
      run(['--init-token', '--free', '--label', label, '--pin', userPin, '--so-pin', soPin]);
    },
    deleteToken(label) {
      run(['--delete-token', '--token', label]);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
