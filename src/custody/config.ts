/**
 * Backend configuration: a tagged union over `type`, read from a JSON file.
 *
 * Choosing the backend (the CLI's stable contract): `--config FILE`, else the file named
 * by `CARDANO_VRF_CONFIG`, else the software keystore under `$CARDANO_VRF_HOME`
 * (default `~/.cardano-vrf`): keys in `<home>/keys`, audit log `<home>/audit.log`.
 * Relative paths in a file are resolved against the file's directory. Secrets (PIN,
 * passphrase, client secret) are never values in the file: it names an environment
 * variable (`*_env`) or a file (`*_file`) holding them.
 *
 * {@link openBackend} (re-exported here, defined in openBackend.ts) turns a config into an
 * audited {@link KeyBackend}.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { BackendType } from './backend.js';
import { CustodyError, CustodyErrorCode } from './errors.js';
import type { CloudRetryConfig } from './cloud/policy.js';

/** Fields every backend accepts. */
export interface CommonConfig {
  /** Path of the hash-chained audit log. Default `$CARDANO_VRF_HOME/audit.log`. */
  audit_log: string;
  /** Actor written to audit records. Default: OS user name. */
  actor?: string;
  /** Keep unwrapped seeds in memory this long (0 = unwrap for every prove, the default). */
  seed_cache_ttl_seconds?: number;
  /** Client-side limit on backend calls (HSM/cloud quota protection). */
  rate_limit?: { per_second: number; burst?: number };
}

/** The software keystore (development and CI): envelope files, optionally passphrase-encrypted. */
export interface SoftwareConfig extends CommonConfig {
  type: 'software';
  keystore_dir: string;
  /** Environment variable holding the passphrase (scrypt → AES-256-GCM at rest). */
  passphrase_env?: string;
  /** File holding the passphrase (trailing newline ignored; must be mode 0600). */
  passphrase_file?: string;
  /** scrypt cost as log2(N); default 15. */
  scrypt_log_n?: number;
}

/** A PKCS#11 token: AES KEK on the token, seeds wrapped in envelope files. */
export interface Pkcs11Config extends CommonConfig {
  type: 'pkcs11';
  /** Path of the PKCS#11 module (.so). */
  module: string;
  /** Token label (slot ids change; labels do not). */
  token_label: string;
  pin_env?: string;
  pin_file?: string;
  /** Label of the AES-256 KEK object. */
  kek_label: string;
  /** Wrapping mechanism override (default CKM_AES_KEY_WRAP_PAD, probed). */
  wrap_mechanism?: string;
  keystore_dir: string;
}

/** AWS CloudHSM: PKCS#11 with CloudHSM's library, PIN `user:password`, optionally from Secrets Manager. */
export interface AwsCloudHsmConfig extends CommonConfig {
  type: 'aws-cloudhsm';
  /** Default `/opt/cloudhsm/lib/libcloudhsm_pkcs11.so`. */
  module: string;
  token_label: string;
  pin_env?: string;
  pin_file?: string;
  secrets_manager?: { secret_id: string; region: string; endpoint?: string };
  kek_label: string;
  wrap_mechanism?: string;
  keystore_dir: string;
}

/** Azure Key Vault credential choice; secrets by env var or file only. */
export interface AzureCredentialConfig {
  type: 'default' | 'client-secret' | 'managed-identity';
  tenant_id?: string;
  client_id?: string;
  client_secret_env?: string;
  client_secret_file?: string;
  authority_host?: string;
}

/** Azure Key Vault: seeds wrapped by a vault key (RSA-OAEP-256 or A256KW). */
export interface AzureKeyVaultConfig extends CommonConfig {
  type: 'azure-keyvault';
  vault_url: string;
  key_name: string;
  key_version?: string;
  algorithm: 'RSA-OAEP-256' | 'A256KW';
  keystore_dir: string;
  credential?: AzureCredentialConfig;
  /** Retry, backoff and total deadline of cloud calls (see docs/cloud-custody.md). */
  retry?: CloudRetryConfig;
}

/** AWS KMS: seeds encrypted under a KMS key with an encryption context. */
export interface AwsKmsConfig extends CommonConfig {
  type: 'aws-kms';
  key_id: string;
  region: string;
  endpoint?: string;
  keystore_dir: string;
  /** Retry, backoff and total deadline of cloud calls (see docs/cloud-custody.md). */
  retry?: CloudRetryConfig;
}

/** The configuration union; `type` is the tag. */
export type BackendConfig = SoftwareConfig | Pkcs11Config | AwsCloudHsmConfig | AzureKeyVaultConfig | AwsKmsConfig;

/** Default CloudHSM PKCS#11 library path. */
export const CLOUDHSM_MODULE = '/opt/cloudhsm/lib/libcloudhsm_pkcs11.so';

type Obj = Record<string, unknown>;

function fail(msg: string): never {
  throw new CustodyError(CustodyErrorCode.CONFIG_INVALID, `configuration: ${msg}`);
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Reader {
  constructor(
    private readonly o: Obj,
    private readonly where: string,
    private readonly baseDir: string,
    private readonly seen = new Set<string>(),
  ) {}
  str(k: string): string;
  str(k: string, optional: true): string | undefined;
  str(k: string, optional?: true): string | undefined {
    this.seen.add(k);
    const v = this.o[k];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v.length === 0) fail(`${this.where}${k} must be a non-empty string`);
    return v;
  }
  path(k: string): string;
  path(k: string, optional: true): string | undefined;
  path(k: string, optional?: true): string | undefined {
    const v = optional ? this.str(k, true) : this.str(k);
    if (v === undefined) return undefined;
    const expanded = v === '~' || v.startsWith('~/') ? join(homedir(), v.slice(1)) : v;
    return isAbsolute(expanded) ? expanded : resolve(this.baseDir, expanded);
  }
  num(k: string, min: number, max: number, integer = true): number | undefined {
    this.seen.add(k);
    const v = this.o[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      fail(`${this.where}${k} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
    }
    return v;
  }
  oneOf<T extends string>(k: string, values: readonly T[], optional?: true): T | undefined {
    this.seen.add(k);
    const v = this.o[k];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || !values.includes(v as T)) fail(`${this.where}${k} must be one of ${values.join(', ')}`);
    return v as T;
  }
  obj(k: string): Reader | undefined {
    this.seen.add(k);
    const v = this.o[k];
    if (v === undefined) return undefined;
    if (!isObj(v)) fail(`${this.where}${k} must be an object`);
    return new Reader(v, `${this.where}${k}.`, this.baseDir);
  }
  noSecrets(...keys: string[]): void {
    for (const k of keys) {
      if (this.o[k] !== undefined) fail(`${this.where}${k} is not accepted: give secrets through ${k}_env or ${k}_file`);
    }
  }
  done(): void {
    for (const k of Object.keys(this.o)) if (!this.seen.has(k)) fail(`${this.where}unknown field "${k}"`);
  }
}

function onePinSource(r: Reader, type: string, allowNone: boolean): { pin_env?: string; pin_file?: string } {
  r.noSecrets('pin');
  const pin_env = r.str('pin_env', true);
  const pin_file = r.path('pin_file', true);
  if (pin_env && pin_file) fail(`${type}: give pin_env or pin_file, not both`);
  if (!pin_env && !pin_file && !allowNone) fail(`${type}: pin_env or pin_file is required`);
  return { ...(pin_env ? { pin_env } : {}), ...(pin_file ? { pin_file } : {}) };
}

function common(r: Reader, home: string): CommonConfig {
  const c: CommonConfig = { audit_log: r.path('audit_log', true) ?? join(home, 'audit.log') };
  const actor = r.str('actor', true);
  if (actor !== undefined) c.actor = actor;
  const ttl = r.num('seed_cache_ttl_seconds', 0, 86_400);
  if (ttl !== undefined) c.seed_cache_ttl_seconds = ttl;
  const rl = r.obj('rate_limit');
  if (rl) {
    const per_second = rl.num('per_second', 0.001, 1_000_000, false);
    if (per_second === undefined) fail('rate_limit.per_second is required');
    const burst = rl.num('burst', 1, 1_000_000);
    rl.done();
    c.rate_limit = { per_second, ...(burst !== undefined ? { burst } : {}) };
  }
  return c;
}

function cloudRetry(r: Reader): { retry?: CloudRetryConfig } {
  const rr = r.obj('retry');
  if (!rr) return {};
  const retry: CloudRetryConfig = {};
  const n = (k: keyof CloudRetryConfig, min: number, max: number, integer = false) => {
    const v = rr.num(k, min, max, integer);
    if (v !== undefined) retry[k] = v;
  };
  n('max_attempts', 1, 100, true);
  n('base_delay_ms', 1, 60_000);
  n('max_delay_ms', 1, 300_000);
  n('deadline_ms', 1, 600_000);
  n('attempt_timeout_ms', 1, 600_000);
  rr.done();
  return { retry };
}

/**
 * Validates a parsed configuration document. `baseDir` resolves relative paths; `home`
 * supplies defaults. Throws CONFIG_INVALID naming the offending field (never its value).
 */
export function parseConfig(value: unknown, baseDir: string, home: string = cardanoVrfHome()): BackendConfig {
  if (!isObj(value)) fail('must be a JSON object');
  const r = new Reader(value, '', baseDir);
  const type = r.oneOf('type', ['software', 'pkcs11', 'aws-cloudhsm', 'azure-keyvault', 'aws-kms'] as const satisfies readonly BackendType[])!;
  const c = common(r, home);
  let out: BackendConfig;
  switch (type) {
    case 'software': {
      r.noSecrets('passphrase');
      const passphrase_env = r.str('passphrase_env', true);
      const passphrase_file = r.path('passphrase_file', true);
      if (passphrase_env && passphrase_file) fail('software: give passphrase_env or passphrase_file, not both');
      const logN = r.num('scrypt_log_n', 10, 22);
      out = {
        type,
        ...c,
        keystore_dir: r.path('keystore_dir', true) ?? join(home, 'keys'),
        ...(passphrase_env ? { passphrase_env } : {}),
        ...(passphrase_file ? { passphrase_file } : {}),
        ...(logN !== undefined ? { scrypt_log_n: logN } : {}),
      };
      break;
    }
    case 'pkcs11':
    case 'aws-cloudhsm': {
      const module = type === 'pkcs11' ? r.path('module') : (r.path('module', true) ?? CLOUDHSM_MODULE);
      const token_label = r.str('token_label');
      const kek_label = r.str('kek_label');
      const wrap_mechanism = r.str('wrap_mechanism', true);
      const keystore_dir = r.path('keystore_dir');
      if (type === 'pkcs11') {
        out = { type, ...c, module, token_label, ...onePinSource(r, type, false), kek_label, keystore_dir, ...(wrap_mechanism ? { wrap_mechanism } : {}) };
      } else {
        const sm = r.obj('secrets_manager');
        const pins = onePinSource(r, type, sm !== undefined);
        if (sm && (pins.pin_env || pins.pin_file)) fail('aws-cloudhsm: give secrets_manager or pin_env/pin_file, not both');
        let secrets_manager: AwsCloudHsmConfig['secrets_manager'];
        if (sm) {
          const endpoint = sm.str('endpoint', true);
          secrets_manager = { secret_id: sm.str('secret_id'), region: sm.str('region'), ...(endpoint ? { endpoint } : {}) };
          sm.done();
        }
        out = {
          type, ...c, module, token_label, ...pins, kek_label, keystore_dir,
          ...(secrets_manager ? { secrets_manager } : {}),
          ...(wrap_mechanism ? { wrap_mechanism } : {}),
        };
      }
      break;
    }
    case 'azure-keyvault': {
      const vault_url = r.str('vault_url');
      if (!/^https?:\/\//.test(vault_url)) fail('azure-keyvault: vault_url must be an http(s) URL');
      const key_version = r.str('key_version', true);
      const cr = r.obj('credential');
      let credential: AzureCredentialConfig | undefined;
      if (cr) {
        cr.noSecrets('client_secret');
        const ctype = cr.oneOf('type', ['default', 'client-secret', 'managed-identity'] as const)!;
        credential = { type: ctype };
        for (const k of ['tenant_id', 'client_id', 'client_secret_env', 'authority_host'] as const) {
          const v = cr.str(k, true);
          if (v !== undefined) credential[k] = v;
        }
        const f = cr.path('client_secret_file', true);
        if (f !== undefined) credential.client_secret_file = f;
        if (ctype === 'client-secret' && (!credential.tenant_id || !credential.client_id || !(credential.client_secret_env || credential.client_secret_file))) {
          fail('azure-keyvault: credential type client-secret needs tenant_id, client_id and client_secret_env or client_secret_file');
        }
        cr.done();
      }
      out = {
        type, ...c, vault_url, key_name: r.str('key_name'),
        ...(key_version ? { key_version } : {}),
        algorithm: r.oneOf('algorithm', ['RSA-OAEP-256', 'A256KW'] as const)!,
        keystore_dir: r.path('keystore_dir'),
        ...(credential ? { credential } : {}),
        ...cloudRetry(r),
      };
      break;
    }
    case 'aws-kms': {
      const endpoint = r.str('endpoint', true);
      out = { type, ...c, key_id: r.str('key_id'), region: r.str('region'), ...(endpoint ? { endpoint } : {}), keystore_dir: r.path('keystore_dir'), ...cloudRetry(r) };
      break;
    }
    default: {
      const never: never = type;
      fail(`unknown type ${String(never)}`);
    }
  }
  r.done();
  return out;
}

/** `$CARDANO_VRF_HOME`, default `~/.cardano-vrf`. */
export function cardanoVrfHome(env: Record<string, string | undefined> = process.env): string {
  const h = env.CARDANO_VRF_HOME;
  return h && h.length > 0 ? resolve(h) : join(homedir(), '.cardano-vrf');
}

/** The default configuration: the software keystore under `$CARDANO_VRF_HOME`; passphrase from CARDANO_VRF_PASSPHRASE when set. */
export function defaultConfig(env: Record<string, string | undefined> = process.env): SoftwareConfig {
  const home = cardanoVrfHome(env);
  return {
    type: 'software',
    keystore_dir: join(home, 'keys'),
    audit_log: join(home, 'audit.log'),
    ...(env.CARDANO_VRF_PASSPHRASE !== undefined ? { passphrase_env: 'CARDANO_VRF_PASSPHRASE' } : {}),
  };
}

/** Reads and validates a configuration file. CONFIG_INVALID when unreadable or malformed. */
export function loadConfigFile(file: string, env: Record<string, string | undefined> = process.env): BackendConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail(`${file} is not valid JSON`);
  }
  return parseConfig(value, dirname(resolve(file)), cardanoVrfHome(env));
}

/** The configuration the CLI uses: `--config FILE`, else CARDANO_VRF_CONFIG, else {@link defaultConfig}. */
export function resolveConfig(configFile: string | undefined, env: Record<string, string | undefined> = process.env): BackendConfig {
  const file = configFile ?? (env.CARDANO_VRF_CONFIG && env.CARDANO_VRF_CONFIG.length > 0 ? env.CARDANO_VRF_CONFIG : undefined);
  return file ? loadConfigFile(file, env) : defaultConfig(env);
}

export { openBackend, type OpenOptions } from './openBackend.js';
