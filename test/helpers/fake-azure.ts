/**
 * A loopback Microsoft Entra ID token endpoint and Azure Key Vault (or Managed HSM) that
 * speak the real protocols to the unmodified @azure/identity and @azure/keyvault-keys,
 * over HTTPS with a throw-away self-signed certificate (made with openssl in a temp dir).
 *
 * - Entra: `GET /{tenant}/v2.0/.well-known/openid-configuration` and
 *   `POST /{tenant}/oauth2/v2.0/token` (client_credentials with a client secret; the
 *   scope must be the vault's `<resource>/.default`).
 * - Key Vault: every request without a valid bearer token gets
 *   `401` + `WWW-Authenticate: Bearer authorization="<authority>/<tenant>", resource="<resource>"`
 *   (the challenge the SDK answers); `GET /keys/{name}[/{version}]`,
 *   `POST /keys/{name}/{version}/wrapkey|unwrapkey`; `api-version` is required and checked;
 *   errors use Key Vault's `{"error":{"code","message","innererror"}}` body; the Managed
 *   HSM also answers `POST /rng` (random bytes from its generator).
 *
 * Cryptography is real: RSA-HSM keys wrap with RSA-OAEP-256 (node:crypto, SHA-256
 * OAEP), oct-HSM keys with A256KW (RFC 3394, `id-aes256-wrap`), so a wrong key, version
 * or tampered blob fails as in the cloud. Host names are `*.localhost`; clients reach
 * them through {@link FakeAzure.agent} (trusts the certificate, resolves them to 127.0.0.1).
 */
import { execFileSync } from 'node:child_process';
import {
  constants,
  createCipheriv,
  createDecipheriv,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** API versions the fake accepts (the SDK's default 2025-07-01 among them). */
export const SUPPORTED_API_VERSIONS = new Set(['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-06-01-preview', '2025-07-01']);

const AES_KW_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');

type KeyOp = 'get' | 'wrapKey' | 'unwrapKey' | 'rng';

interface KeyVersion {
  version: string;
  kty: 'RSA-HSM' | 'oct-HSM';
  rsa?: { privateKey: KeyObject; publicKey: KeyObject };
  aes?: Buffer;
  enabled: boolean;
  created: number;
}

interface FakeVault {
  /** e.g. fakevault.vault.localhost */
  host: string;
  /** Challenge resource, e.g. https://vault.localhost */
  resource: string;
  keys: Map<string, KeyVersion[]>;
}

/** A scripted Key Vault failure. */
export interface AzureFault {
  status: number;
  code?: string;
  retryAfter?: string;
}

/** One request the fake saw (no secrets). */
export interface AzureCall {
  host: string;
  method: string;
  path: string;
  status: number;
  /** 'token', 'openid', 'get', 'wrapkey', 'unwrapkey', 'challenge', 'other'. */
  kind: string;
}

const b64u = (b: Buffer | Uint8Array) => Buffer.from(b).toString('base64url');

/** The fake Entra + Key Vault; see the module comment. */
export class FakeAzure {
  readonly tenantId = randomUUID();
  readonly clientId = randomUUID();
  readonly clientSecret = randomBytes(24).toString('base64url');
  readonly calls: AzureCall[] = [];
  /** Operations the client's role allows; remove one to get 403 ForbiddenByRbac. */
  readonly allowed = new Set<KeyOp>(['get', 'wrapKey', 'unwrapKey', 'rng']);
  /** Every Key Vault request answers 503 while true. */
  outage = false;
  /** The token endpoint answers 503 while true. */
  entraOutage = false;
  private readonly faults: AzureFault[] = [];
  private readonly tokens = new Map<string, { resource: string; expires: number }>();
  private readonly vaults = new Map<string, FakeVault>();
  private server: Server | undefined;
  private port = 0;
  private certDir: string | undefined;
  private cert: Buffer | undefined;
  private agentInstance: Agent | undefined;

  /** `https://login.localhost:<port>` (use as the credential's authority host). */
  get authorityHost(): string {
    return `https://login.localhost:${this.port}`;
  }

  /** `https://<vault>.vault.localhost:<port>` for the Premium vault. */
  get vaultUrl(): string {
    return `https://fakevault.vault.localhost:${this.port}`;
  }

  /** `https://<hsm>.managedhsm.localhost:<port>` for the Managed HSM. */
  get managedHsmUrl(): string {
    return `https://fakehsm.managedhsm.localhost:${this.port}`;
  }

  /** The PEM certificate the server presents. */
  get caPem(): Buffer {
    if (!this.cert) throw new Error('not started');
    return this.cert;
  }

  /** An https.Agent that trusts the fake's certificate and resolves `*.localhost` to 127.0.0.1. */
  get agent(): Agent {
    if (!this.agentInstance) {
      const lookup: LookupFunction = (hostname, options, callback) => {
        const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
        if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
          if (all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
          else callback(null, '127.0.0.1', 4);
        } else {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
        }
      };
      this.agentInstance = new Agent({ ca: this.caPem, lookup, keepAlive: true });
    }
    return this.agentInstance;
  }

  /** Starts HTTPS on 127.0.0.1 with a fresh self-signed certificate made by `openssl`. */
  async start(openssl: string, port = 0): Promise<this> {
    if (!this.cert) {
      this.certDir = mkdtempSync(join(tmpdir(), 'fake-azure-tls-'));
      const key = join(this.certDir, 'key.pem');
      const crt = join(this.certDir, 'cert.pem');
      execFileSync(openssl, [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', key, '-out', crt, '-days', '2', '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=DNS:localhost,DNS:login.localhost,DNS:fakevault.vault.localhost,DNS:fakehsm.managedhsm.localhost,IP:127.0.0.1',
      ], { stdio: 'ignore' });
      this.cert = readFileSync(crt);
      this.keyPem = readFileSync(key);
      if (!this.vaults.size) {
        this.vaults.set('fakevault.vault.localhost', { host: 'fakevault.vault.localhost', resource: 'https://vault.localhost', keys: new Map() });
        this.vaults.set('fakehsm.managedhsm.localhost', { host: 'fakehsm.managedhsm.localhost', resource: 'https://managedhsm.localhost', keys: new Map() });
      }
    }
    this.server = createServer({ key: this.keyPem, cert: this.cert }, (req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
  private keyPem: Buffer | undefined;

  /** Stops listening (connections dropped); `start(openssl, samePort)` brings it back. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Stops the server, destroys the agent and removes the certificate directory. */
  async dispose(): Promise<void> {
    await this.stop();
    this.agentInstance?.destroy();
    if (this.certDir) rmSync(this.certDir, { recursive: true, force: true });
  }

  /** The port the server listens on. */
  get listeningPort(): number {
    return this.port;
  }

  /** Creates (or rotates: adds a version to) an RSA-HSM key in the Premium vault. Returns the version. */
  createRsaKey(name: string): string {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return this.addVersion('fakevault.vault.localhost', name, { kty: 'RSA-HSM', rsa: { privateKey, publicKey } });
  }

  /** Creates (or rotates) an AES-256 oct-HSM key in the Managed HSM. Returns the version. */
  createAesKey(name: string): string {
    return this.addVersion('fakehsm.managedhsm.localhost', name, { kty: 'oct-HSM', aes: randomBytes(32) });
  }

  /** Enables/disables every version of a key. */
  setEnabled(name: string, enabled: boolean): void {
    for (const v of this.vaults.values()) for (const ver of v.keys.get(name) ?? []) ver.enabled = enabled;
  }

  /** Answers the next `count` Key Vault requests (after authentication) with `fault`. */
  failNext(count: number, fault: AzureFault): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /** Number of requests of `kind`. */
  count(kind: string): number {
    return this.calls.filter((c) => c.kind === kind).length;
  }

  /** Forgets every issued token (the next call must answer a fresh challenge). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  private addVersion(host: string, name: string, v: Omit<KeyVersion, 'version' | 'enabled' | 'created'>): string {
    const vault = this.vaults.get(host)!;
    const version = randomBytes(16).toString('hex');
    const list = vault.keys.get(name) ?? [];
    list.push({ ...v, version, enabled: true, created: Math.floor(Date.now() / 1000) });
    vault.keys.set(name, list);
    return version;
  }

  private jwk(vault: FakeVault, name: string, k: KeyVersion): Record<string, unknown> {
    const kid = `https://${vault.host}:${this.port}/keys/${name}/${k.version}`;
    const ops = ['wrapKey', 'unwrapKey', 'encrypt', 'decrypt'];
    if (k.rsa) {
      const jwk = k.rsa.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
      return { kid, kty: 'RSA-HSM', key_ops: [...ops, 'sign', 'verify'], n: jwk.n, e: jwk.e };
    }
    return { kid, kty: 'oct-HSM', key_ops: ops };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    const record = (status: number, kind: string) => this.calls.push({ host, method: req.method ?? '', path: url.pathname, status, kind });
    const json = (status: number, kind: string, payload: unknown, headers: Record<string, string> = {}) => {
      record(status, kind);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID(), ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };

    if (host === 'login.localhost') return this.handleEntra(req, url, body, json);
    const vault = this.vaults.get(host);
    if (!vault) return json(404, 'other', { error: { code: 'NotFound', message: 'unknown host' } });

    const kvError = (status: number, kind: string, code: string, message: string, inner?: string, headers: Record<string, string> = {}) =>
      json(status, kind, { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } }, headers);

    // Bearer authentication with the challenge Key Vault sends.
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? this.tokens.get(auth.slice(7)) : undefined;
    if (!token || token.expires < Date.now() || token.resource !== vault.resource) {
      record(401, 'challenge');
      res.writeHead(401, {
        'www-authenticate': `Bearer authorization="${this.authorityHost}/${this.tenantId}", resource="${vault.resource}"`,
        'content-type': 'application/json; charset=utf-8',
      });
      res.end(JSON.stringify({ error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } }));
      return;
    }

    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion) return kvError(400, 'other', 'BadParameter', 'The api-version query parameter is required.');
    if (!SUPPORTED_API_VERSIONS.has(apiVersion)) {
      return kvError(400, 'other', 'BadParameter', `The specified version (${apiVersion}) is not recognized. Consider using the latest supported version (2025-07-01).`);
    }

    if (url.pathname === '/rng') {
      if (!host.includes('.managedhsm.')) return kvError(404, 'rng', 'NotFound', 'The requested operation is only available on a Managed HSM.');
      if (this.outage) return kvError(503, 'rng', 'ServiceUnavailable', 'The service is unavailable.');
      if (!this.allowed.has('rng')) return kvError(403, 'rng', 'Forbidden', "Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/managedHsm/rng/action'", 'ForbiddenByRbac');
      let count: unknown;
      try {
        count = (JSON.parse(body) as { count?: unknown }).count;
      } catch {
        return kvError(400, 'rng', 'BadParameter', 'Request body is not valid JSON.');
      }
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 128) {
        return kvError(400, 'rng', 'BadParameter', 'count must be an integer between 1 and 128.');
      }
      return json(200, 'rng', { value: b64u(randomBytes(count)) });
    }
    const m = /^\/keys\/([A-Za-z0-9-]{1,127})(?:\/([0-9a-f]{32}))?(?:\/(wrapkey|unwrapkey))?\/?$/.exec(url.pathname);
    const kind = !m ? 'other' : m[3] ?? 'get';
    if (this.outage) return kvError(503, kind, 'ServiceUnavailable', 'The service is unavailable.');
    const fault = this.faults.shift();
    if (fault) {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
      return kvError(fault.status, kind, fault.code ?? 'Throttled', 'injected fault', undefined, headers);
    }
    if (!m) return kvError(404, 'other', 'NotFound', 'unknown path');
    const [, name, version, op] = m as unknown as [string, string, string | undefined, string | undefined];
    const versions = vault.keys.get(name);
    const key = versions && (version ? versions.find((v) => v.version === version) : versions[versions.length - 1]);
    const needed: KeyOp = op === 'wrapkey' ? 'wrapKey' : op === 'unwrapkey' ? 'unwrapKey' : 'get';
    if (!this.allowed.has(needed)) {
      const action = needed === 'get' ? 'read' : needed === 'wrapKey' ? 'wrap/action' : 'unwrap/action';
      return kvError(403, kind, 'Forbidden', `Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/keys/${action}'`, 'ForbiddenByRbac');
    }
    if (!key) return kvError(404, kind, 'KeyNotFound', `A key with (name/id) ${name}${version ? `/${version}` : ''} was not found in this key vault.`);

    if (!op) {
      if (req.method !== 'GET') return kvError(405, kind, 'BadParameter', 'method not allowed');
      return json(200, kind, {
        key: this.jwk(vault, name, key),
        attributes: { enabled: key.enabled, created: key.created, updated: key.created, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90, exportable: false },
      });
    }
    if (req.method !== 'POST' || !version) return kvError(400, kind, 'BadParameter', 'wrapkey/unwrapkey need POST on a versioned key');
    if (!key.enabled) return kvError(403, kind, 'Forbidden', `Operation ${needed} is not allowed on a disabled key.`, 'KeyDisabled');
    let params: { alg?: unknown; value?: unknown };
    try {
      params = JSON.parse(body) as { alg?: unknown; value?: unknown };
    } catch {
      return kvError(400, kind, 'BadParameter', 'Request body is not valid JSON.');
    }
    if (typeof params.value !== 'string' || !/^[A-Za-z0-9_-]+$/.test(params.value)) {
      return kvError(400, kind, 'BadParameter', 'Property value is required and must be base64url.');
    }
    const input = Buffer.from(params.value, 'base64url');
    const kid = this.jwk(vault, name, key).kid;
    try {
      let out: Buffer;
      if (params.alg === 'RSA-OAEP-256' && key.rsa) {
        const opts = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
        out = op === 'wrapkey' ? publicEncrypt({ key: key.rsa.publicKey, ...opts }, input) : privateDecrypt({ key: key.rsa.privateKey, ...opts }, input);
      } else if (params.alg === 'A256KW' && key.aes) {
        if (input.length % 8 !== 0 || input.length < (op === 'wrapkey' ? 16 : 24)) {
          return kvError(400, kind, 'BadParameter', 'A256KW needs a multiple of 8 bytes.');
        }
        const c = op === 'wrapkey' ? createCipheriv('id-aes256-wrap', key.aes, AES_KW_IV) : createDecipheriv('id-aes256-wrap', key.aes, AES_KW_IV);
        out = Buffer.concat([c.update(input), c.final()]);
      } else {
        return kvError(400, kind, 'BadParameter', `Algorithm ${String(params.alg)} is not supported for key type ${key.kty}.`);
      }
      const value = b64u(out);
      out.fill(0);
      return json(200, kind, { kid, value });
    } catch {
      return kvError(400, kind, 'BadParameter', op === 'unwrapkey' ? 'Unwrap failed: the ciphertext is invalid for this key.' : 'Wrap failed.');
    }
  }

  private handleEntra(
    req: IncomingMessage,
    url: URL,
    body: string,
    json: (status: number, kind: string, payload: unknown, headers?: Record<string, string>) => void,
  ): void {
    const authority = `${this.authorityHost}/${this.tenantId}`;
    if (req.method === 'GET' && url.pathname === `/${this.tenantId}/v2.0/.well-known/openid-configuration`) {
      return json(200, 'openid', {
        token_endpoint: `${authority}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${this.authorityHost}/${this.tenantId}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${authority}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${this.authorityHost}/oidc/userinfo`,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
        kerberos_endpoint: `${authority}/kerberos`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'login.localhost',
        cloud_graph_host_name: 'graph.localhost',
        msgraph_host: 'graph.localhost',
        rbac_url: 'https://pas.localhost',
      });
    }
    if (req.method === 'POST' && url.pathname === `/${this.tenantId}/oauth2/v2.0/token`) {
      if (this.entraOutage) {
        return json(503, 'token', { error: 'temporarily_unavailable', error_description: 'AADSTS90033: A transient error has occurred.', error_codes: [90033] }, { 'retry-after': '1' });
      }
      const form = new URLSearchParams(body);
      const aad = (status: number, error: string, description: string) =>
        json(status, 'token', { error, error_description: description, error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)], timestamp: new Date().toISOString(), trace_id: randomUUID(), correlation_id: randomUUID() });
      if (form.get('grant_type') !== 'client_credentials') return aad(400, 'unsupported_grant_type', 'AADSTS70003: unsupported grant type.');
      if (form.get('client_id') !== this.clientId) return aad(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`);
      if (form.get('client_secret') !== this.clientSecret) return aad(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
      const scope = form.get('scope') ?? '';
      const resource = scope.split(' ').find((s) => s.endsWith('/.default'))?.slice(0, -'/.default'.length);
      if (!resource) return aad(400, 'invalid_scope', 'AADSTS1002012: The provided value for scope is not valid.');
      const accessToken = randomBytes(32).toString('base64url');
      this.tokens.set(accessToken, { resource, expires: Date.now() + 3_600_000 });
      return json(200, 'token', { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
    }
    return json(404, 'other', { error: 'not_found' });
  }
}

/** Creates and starts a {@link FakeAzure} (needs the `openssl` binary for the certificate). */
export async function startFakeAzure(openssl: string): Promise<FakeAzure> {
  return new FakeAzure().start(openssl);
}
