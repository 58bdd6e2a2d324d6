/**
 * The signing service's configuration: a JSON document (see docs/service.md and
 * ops/config/example.json), validated into {@link ServiceConfig}. Field names on disk
 * are snake_case; every problem is reported as ServiceConfigError(CONFIG_INVALID)
 * naming the offending field. Tokens are stored only as SHA-256 hashes.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { cardanoVrfHome, parseConfig as parseBackendConfig, type BackendConfig } from '../custody/config.js';
import { isValidKeyId } from '../custody/keyId.js';
import { ServiceConfigError } from './errors.js';
import { NETWORK_CLOCKS, type SlotClockParams } from './slot-clock.js';

/** Roles a token may carry. */
export type Role = 'prover' | 'officer' | 'metrics';
/** Every role, for validation. */
export const ROLES: readonly Role[] = ['prover', 'officer', 'metrics'];

/** A token bucket: `perSecond` steady rate, `burst` capacity. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** One API token, stored as the SHA-256 of the token string. */
export interface TokenConfig {
  name: string;
  /** SHA-256 of the UTF-8 token, 32 bytes. */
  sha256: Uint8Array;
  roles: Role[];
  /** Key ids this token may use; undefined = all. */
  keys?: string[];
  rateLimit?: RateLimit;
}

/** Per-key policy. */
export interface KeyPolicy {
  /** Serve `POST /v1/keys/{id}/prove` with arbitrary alpha. Default false. */
  allowRawAlpha: boolean;
  /** Slots before the current one a Praos prove may name. */
  pastSlots: number;
  /** Slots after the current one a Praos prove may name. */
  futureSlots: number;
  rateLimit?: RateLimit;
}

/** One key the service offers: its primary backend and optional standby. */
export interface KeyConfig {
  id: string;
  backend: string;
  standby?: string;
  policy: KeyPolicy;
}

export type { BackendConfig };

/** TLS settings; PEM files. */
export interface TlsConfig {
  certFile: string;
  keyFile: string;
  /** CA bundle for client certificates (mTLS). */
  clientCaFile?: string;
  /** Refuse connections without a client certificate signed by clientCaFile. */
  requireClientCert: boolean;
}

/** The whole validated configuration. */
export interface ServiceConfig {
  /** Absolute path of the file it was read from, when any. */
  source?: string;
  listen: { host: string; port: number };
  tls?: TlsConfig;
  anonymous: { health: boolean; metrics: boolean };
  network: SlotClockParams & { name: string };
  backends: Record<string, BackendConfig>;
  keys: KeyConfig[];
  tokens: TokenConfig[];
  auditLog?: string;
  limits: { maxBodyBytes: number; backendTimeoutMs: number; backendConcurrency: number; queueTimeoutMs: number; shutdownGraceMs: number };
  health: { intervalMs: number; timeoutMs: number; reopenAfterFailures: number };
  /** Verify every proof against the cached public key before answering. Default true. */
  verifyProofs: boolean;
  log: { level: string };
}

/** Defaults applied to omitted fields. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 9090,
  maxBodyBytes: 64 * 1024,
  backendTimeoutMs: 2000,
  backendConcurrency: 4,
  queueTimeoutMs: 10_000,
  shutdownGraceMs: 10_000,
  healthIntervalMs: 500,
  healthTimeoutMs: 1000,
  reopenAfterFailures: 4,
  pastSlots: 60,
  futureSlots: 60,
  logLevel: 'info',
} as const;

type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new ServiceConfigError(`configuration: ${path} ${what}`);
}
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, 'must be an object');
  return v;
}
function onlyKeys(o: Obj, path: string, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${path}.${k}`, `is not a known field (expected one of ${allowed.join(', ')})`);
}
function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(path, 'must be a non-empty string');
  return v;
}
function bool(v: unknown, path: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') fail(path, 'must be true or false');
  return v;
}
function int(v: unknown, path: string, dflt: number | undefined, min: number, max: number): number {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(path, `must be an integer in [${min}, ${max}]`);
  return v;
}
function num(v: unknown, path: string, min: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) fail(path, `must be a number ≥ ${min}`);
  return v;
}

function rateLimit(v: unknown, path: string): RateLimit | undefined {
  if (v === undefined || v === null) return undefined;
  const o = obj(v, path);
  onlyKeys(o, path, ['per_second', 'burst']);
  const perSecond = num(o.per_second, `${path}.per_second`, 0.001);
  const burst = o.burst === undefined ? Math.max(1, Math.ceil(perSecond)) : int(o.burst, `${path}.burst`, undefined, 1, 1_000_000);
  return { perSecond, burst };
}

function network(v: unknown): SlotClockParams & { name: string } {
  if (v === undefined) return { name: 'mainnet', ...NETWORK_CLOCKS.mainnet };
  if (typeof v === 'string') {
    if (v === 'mainnet' || v === 'preprod' || v === 'preview') return { name: v, ...NETWORK_CLOCKS[v] };
    fail('network', 'must be "mainnet", "preprod", "preview" or an object { system_start, slot_length, first_slot }');
  }
  const o = obj(v, 'network');
  onlyKeys(o, 'network', ['name', 'system_start', 'slot_length', 'first_slot']);
  const start = str(o.system_start, 'network.system_start');
  const startMs = Date.parse(start);
  if (!Number.isFinite(startMs) || !/^\d{4}-\d\d-\d\dT/.test(start)) fail('network.system_start', 'must be an ISO-8601 time such as 2022-10-25T00:00:00Z');
  const slotLength = num(o.slot_length ?? 1, 'network.slot_length', 0.001);
  const firstSlot = int(o.first_slot, 'network.first_slot', 0, 0, Number.MAX_SAFE_INTEGER);
  const name = o.name === undefined ? 'custom' : str(o.name, 'network.name');
  return { name, startMs, firstSlot, slotLengthMs: slotLength * 1000 };
}

function tokens(v: unknown, keyIds: Set<string>): TokenConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail('tokens', 'must be an array');
  const names = new Set<string>();
  const hashes = new Set<string>();
  return v.map((t, i) => {
    const path = `tokens[${i}]`;
    const o = obj(t, path);
    onlyKeys(o, path, ['name', 'sha256', 'roles', 'keys', 'rate_limit']);
    const name = str(o.name, `${path}.name`);
    if (names.has(name)) fail(`${path}.name`, `"${name}" is used twice`);
    names.add(name);
    const hex = str(o.sha256, `${path}.sha256`).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(hex)) fail(`${path}.sha256`, 'must be 64 hex digits (the SHA-256 of the token; make it with `cardano-vrf serve hash-token`)');
    if (hashes.has(hex)) fail(`${path}.sha256`, 'is used by two tokens');
    hashes.add(hex);
    if (!Array.isArray(o.roles) || o.roles.length === 0) fail(`${path}.roles`, `must be a non-empty array of ${ROLES.join(', ')}`);
    const roles = o.roles.map((r, j) => {
      if (!ROLES.includes(r as Role)) fail(`${path}.roles[${j}]`, `must be one of ${ROLES.join(', ')}`);
      return r as Role;
    });
    let keys: string[] | undefined;
    if (o.keys !== undefined) {
      if (!Array.isArray(o.keys)) fail(`${path}.keys`, 'must be an array of key ids');
      keys = o.keys.map((k, j) => {
        if (typeof k !== 'string' || !keyIds.has(k)) fail(`${path}.keys[${j}]`, 'must name a key listed in "keys"');
        return k;
      });
    }
    const out: TokenConfig = { name, sha256: Uint8Array.from(Buffer.from(hex, 'hex')), roles };
    if (keys) out.keys = keys;
    const rl = rateLimit(o.rate_limit, `${path}.rate_limit`);
    if (rl) out.rateLimit = rl;
    return out;
  });
}

function policy(v: unknown, path: string, defaults: KeyPolicy): KeyPolicy {
  if (v === undefined) return { ...defaults };
  const o = obj(v, path);
  onlyKeys(o, path, ['allow_raw_alpha', 'past_slots', 'future_slots', 'rate_limit']);
  const out: KeyPolicy = {
    allowRawAlpha: bool(o.allow_raw_alpha, `${path}.allow_raw_alpha`, defaults.allowRawAlpha),
    pastSlots: int(o.past_slots, `${path}.past_slots`, defaults.pastSlots, 0, 10_000_000),
    futureSlots: int(o.future_slots, `${path}.future_slots`, defaults.futureSlots, 0, 10_000_000),
  };
  const rl = o.rate_limit === undefined ? defaults.rateLimit : rateLimit(o.rate_limit, `${path}.rate_limit`);
  if (rl) out.rateLimit = rl;
  return out;
}

/** Resolves a path in the configuration against the configuration file's folder. */
function resolvePath(p: string, base: string | undefined): string {
  return isAbsolute(p) || base === undefined ? p : resolve(base, p);
}

/**
 * Validates a parsed JSON document into a {@link ServiceConfig}. Relative file paths
 * resolve against `baseDir` (the configuration file's folder). Throws
 * ServiceConfigError(CONFIG_INVALID).
 */
export function parseServiceConfig(doc: unknown, baseDir?: string): ServiceConfig {
  const o = obj(doc, '(root)');
  onlyKeys(o, '(root)', ['$schema', 'comment', 'listen', 'tls', 'anonymous', 'network', 'backends', 'keys', 'default_policy', 'tokens', 'audit_log', 'limits', 'health', 'verify_proofs', 'log']);

  const listenObj = o.listen === undefined ? {} : obj(o.listen, 'listen');
  onlyKeys(listenObj, 'listen', ['host', 'port']);
  const listen = {
    host: listenObj.host === undefined ? DEFAULTS.host : str(listenObj.host, 'listen.host'),
    port: int(listenObj.port, 'listen.port', DEFAULTS.port, 0, 65535),
  };

  let tls: TlsConfig | undefined;
  if (o.tls !== undefined && o.tls !== null) {
    const t = obj(o.tls, 'tls');
    onlyKeys(t, 'tls', ['cert_file', 'key_file', 'client_ca_file', 'require_client_cert']);
    tls = {
      certFile: resolvePath(str(t.cert_file, 'tls.cert_file'), baseDir),
      keyFile: resolvePath(str(t.key_file, 'tls.key_file'), baseDir),
      requireClientCert: bool(t.require_client_cert, 'tls.require_client_cert', t.client_ca_file !== undefined),
    };
    if (t.client_ca_file !== undefined) tls.clientCaFile = resolvePath(str(t.client_ca_file, 'tls.client_ca_file'), baseDir);
    if (tls.requireClientCert && !tls.clientCaFile) fail('tls.require_client_cert', 'needs tls.client_ca_file');
  }

  const anonObj = o.anonymous === undefined ? {} : obj(o.anonymous, 'anonymous');
  onlyKeys(anonObj, 'anonymous', ['health', 'metrics']);
  const anonymous = { health: bool(anonObj.health, 'anonymous.health', false), metrics: bool(anonObj.metrics, 'anonymous.metrics', false) };

  const backendsObj = obj(o.backends, 'backends');
  const backends: Record<string, BackendConfig> = {};
  for (const [name, b] of Object.entries(backendsObj)) {
    if (!isValidKeyId(name)) fail(`backends.${name}`, 'name must be 1-64 characters [A-Za-z0-9._-]');
    obj(b, `backends.${name}`);
    try {
      backends[name] = parseBackendConfig(b, baseDir ?? process.cwd(), cardanoVrfHome());
    } catch (err) {
      fail(`backends.${name}`, `is invalid: ${(err as Error).message.replace(/^configuration: /, '')}`);
    }
  }
  if (Object.keys(backends).length === 0) fail('backends', 'must name at least one backend');

  const dp = policy(o.default_policy, 'default_policy', {
    allowRawAlpha: false,
    pastSlots: DEFAULTS.pastSlots,
    futureSlots: DEFAULTS.futureSlots,
  });
  if (!Array.isArray(o.keys)) fail('keys', 'must be an array');
  const keyIds = new Set<string>();
  const keys = o.keys.map((k, i): KeyConfig => {
    const path = `keys[${i}]`;
    const ko = obj(k, path);
    onlyKeys(ko, path, ['id', 'backend', 'standby', 'policy']);
    const id = str(ko.id, `${path}.id`);
    if (!isValidKeyId(id)) fail(`${path}.id`, 'must be 1-64 characters [A-Za-z0-9._-], starting with a letter or digit');
    if (keyIds.has(id)) fail(`${path}.id`, `"${id}" is listed twice`);
    keyIds.add(id);
    const backend = str(ko.backend, `${path}.backend`);
    if (!backends[backend]) fail(`${path}.backend`, `names no backend in "backends" ("${backend}")`);
    const out: KeyConfig = { id, backend, policy: policy(ko.policy, `${path}.policy`, dp) };
    if (ko.standby !== undefined) {
      const standby = str(ko.standby, `${path}.standby`);
      if (!backends[standby]) fail(`${path}.standby`, `names no backend in "backends" ("${standby}")`);
      if (standby === backend) fail(`${path}.standby`, 'must differ from the primary backend');
      out.standby = standby;
    }
    return out;
  });

  const lim = o.limits === undefined ? {} : obj(o.limits, 'limits');
  onlyKeys(lim, 'limits', ['max_body_bytes', 'backend_timeout_ms', 'backend_concurrency', 'queue_timeout_ms', 'shutdown_grace_ms']);
  const hl = o.health === undefined ? {} : obj(o.health, 'health');
  onlyKeys(hl, 'health', ['interval_ms', 'timeout_ms', 'reopen_after_failures']);
  const lg = o.log === undefined ? {} : obj(o.log, 'log');
  onlyKeys(lg, 'log', ['level']);
  const level = lg.level === undefined ? DEFAULTS.logLevel : str(lg.level, 'log.level');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) fail('log.level', 'must be fatal, error, warn, info, debug, trace or silent');

  const cfg: ServiceConfig = {
    listen,
    anonymous,
    network: network(o.network),
    backends,
    keys,
    tokens: tokens(o.tokens, keyIds),
    limits: {
      maxBodyBytes: int(lim.max_body_bytes, 'limits.max_body_bytes', DEFAULTS.maxBodyBytes, 256, 16 * 1024 * 1024),
      backendTimeoutMs: int(lim.backend_timeout_ms, 'limits.backend_timeout_ms', DEFAULTS.backendTimeoutMs, 10, 600_000),
      backendConcurrency: int(lim.backend_concurrency, 'limits.backend_concurrency', DEFAULTS.backendConcurrency, 1, 1024),
      queueTimeoutMs: int(lim.queue_timeout_ms, 'limits.queue_timeout_ms', DEFAULTS.queueTimeoutMs, 10, 600_000),
      shutdownGraceMs: int(lim.shutdown_grace_ms, 'limits.shutdown_grace_ms', DEFAULTS.shutdownGraceMs, 0, 600_000),
    },
    health: {
      intervalMs: int(hl.interval_ms, 'health.interval_ms', DEFAULTS.healthIntervalMs, 50, 3_600_000),
      timeoutMs: int(hl.timeout_ms, 'health.timeout_ms', DEFAULTS.healthTimeoutMs, 10, 600_000),
      reopenAfterFailures: int(hl.reopen_after_failures, 'health.reopen_after_failures', DEFAULTS.reopenAfterFailures, 0, 10_000),
    },
    verifyProofs: bool(o.verify_proofs, 'verify_proofs', true),
    log: { level },
  };
  if (tls) cfg.tls = tls;
  if (o.audit_log !== undefined) cfg.auditLog = resolvePath(str(o.audit_log, 'audit_log'), baseDir);
  return cfg;
}

/** Reads and validates a configuration file. Throws ServiceConfigError(CONFIG_INVALID). */
export function loadServiceConfig(file: string): ServiceConfig {
  const abs = resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new ServiceConfigError(`cannot read configuration file ${abs}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ServiceConfigError(`configuration file ${abs} is not valid JSON: ${(err as Error).message}`);
  }
  const cfg = parseServiceConfig(doc, dirname(abs));
  cfg.source = abs;
  return cfg;
}
