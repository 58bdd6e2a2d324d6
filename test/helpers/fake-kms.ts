/**
 * A loopback AWS KMS that speaks the real wire protocol to the unmodified
 * @aws-sdk/client-kms: `POST /` with `Content-Type: application/x-amz-json-1.1` and
 * `X-Amz-Target: TrentService.<Operation>`, AWS Signature Version 4 verified against the
 * configured access key, JSON error bodies with `__type` the SDK parses.
 *
 * Cryptography is real: each KMS key is a 32-byte AES key; ciphertext blobs are
 * AES-256-GCM with the key id and the canonical encryption context as additional
 * authenticated data, so a wrong context, a wrong key or a flipped bit is refused with
 * InvalidCiphertextException exactly as the service does.
 *
 * Operations: GenerateDataKey, Decrypt, Encrypt, DescribeKey. Fault injection:
 * scripted failures (`failNext`), an outage switch, per-operation denials.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One KMS key held by the fake. */
interface FakeKey {
  keyId: string;
  arn: string;
  material: Buffer;
  enabled: boolean;
}

/** A scripted failure answered instead of the real operation. */
export interface KmsFault {
  status: number;
  /** `__type` of the JSON error body, e.g. ThrottlingException; omitted for a bare 5xx. */
  type?: string;
  /** Retry-After header value (seconds). */
  retryAfter?: string;
}

/** One request the fake received (for assertions; never secrets). */
export interface KmsCall {
  target: string;
  status: number;
  signed: boolean;
}

/** Options of {@link startFakeKms}. */
export interface FakeKmsOptions {
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  accountId?: string;
}

const BLOB_VERSION = 1;

function canonicalContext(ctx: Record<string, string> | undefined): string {
  const entries = Object.entries(ctx ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** The fake KMS; see the module comment. */
export class FakeKms {
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  readonly calls: KmsCall[] = [];
  /** Operations refused with AccessDeniedException (e.g. 'Decrypt'). */
  readonly denied = new Set<string>();
  /** When true, every request gets HTTP 503 (a regional outage). */
  outage = false;
  private readonly faults: KmsFault[] = [];
  private readonly keys = new Map<string, FakeKey>();
  private readonly aliases = new Map<string, string>();
  private server: Server | undefined;
  private port = 0;

  constructor(options: FakeKmsOptions = {}) {
    this.region = options.region ?? 'eu-west-1';
    this.accessKeyId = options.accessKeyId ?? 'AKIAFAKEKMS000000001';
    this.secretAccessKey = options.secretAccessKey ?? randomBytes(30).toString('base64');
    this.accountId = options.accountId ?? '111122223333';
  }

  /** `http://127.0.0.1:<port>`. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Creates a symmetric key (optionally with an alias `alias/<name>`) and returns its key id. */
  createKey(alias?: string): string {
    const keyId = randomUUID();
    const arn = `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`;
    this.keys.set(keyId, { keyId, arn, material: randomBytes(32), enabled: true });
    if (alias) this.aliases.set(alias.startsWith('alias/') ? alias : `alias/${alias}`, keyId);
    return keyId;
  }

  /** Enables or disables a key (DisabledException while disabled). */
  setEnabled(keyId: string, enabled: boolean): void {
    const k = this.keys.get(keyId);
    if (k) k.enabled = enabled;
  }

  /** Answers the next `count` requests with `fault` instead of serving them. */
  failNext(count: number, fault: KmsFault): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /** Number of received requests for `target` (e.g. 'Decrypt'), failed ones included. */
  count(target: string): number {
    return this.calls.filter((c) => c.target === target).length;
  }

  /** Starts listening on 127.0.0.1 (a fresh port, or `port` when restarting). */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
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

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private resolveKey(id: unknown): FakeKey | undefined {
    if (typeof id !== 'string') return undefined;
    let keyId = id;
    if (id.startsWith('alias/')) keyId = this.aliases.get(id) ?? '';
    else if (id.startsWith('arn:aws:kms:')) {
      const m = /:key\/(.+)$/.exec(id) ?? /:(alias\/.+)$/.exec(id);
      keyId = m?.[1]?.startsWith('alias/') ? (this.aliases.get(m[1]) ?? '') : (m?.[1] ?? '');
    }
    return this.keys.get(keyId);
  }

  /** Verifies the SigV4 Authorization header; returns an error type or null. */
  private checkSignature(req: IncomingMessage, body: Buffer): string | null {
    const auth = req.headers.authorization;
    if (typeof auth !== 'string') return 'MissingAuthenticationTokenException';
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return 'IncompleteSignatureException';
    const [, akid, date, region, service, signedHeaders, signature] = m as unknown as string[];
    if (akid !== this.accessKeyId) return 'UnrecognizedClientException';
    if (region !== this.region || service !== 'kms') return 'InvalidSignatureException';
    const amzDate = req.headers['x-amz-date'];
    if (typeof amzDate !== 'string' || !amzDate.startsWith(date!)) return 'IncompleteSignatureException';
    const names = signedHeaders!.split(';');
    if (!names.includes('host') || !names.includes('x-amz-date')) return 'IncompleteSignatureException';
    const canonicalHeaders = names
      .map((n) => {
        const v = req.headers[n];
        const value = Array.isArray(v) ? v.join(',') : (v ?? '');
        return `${n}:${value.trim().replace(/\s+/g, ' ')}\n`;
      })
      .join('');
    const url = new URL(req.url ?? '/', 'http://x');
    const canonicalRequest = [req.method, url.pathname, '', canonicalHeaders, signedHeaders, sha256Hex(body)].join('\n');
    const scope = `${date}/${region}/${service}/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
    const kDate = hmac(`AWS4${this.secretAccessKey}`, date!);
    const kSigning = hmac(hmac(hmac(kDate, region!), service!), 'aws4_request');
    const expected = hmac(kSigning, stringToSign);
    const given = Buffer.from(signature!, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'InvalidSignatureException';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const targetHeader = String(req.headers['x-amz-target'] ?? '');
    const target = targetHeader.startsWith('TrentService.') ? targetHeader.slice('TrentService.'.length) : targetHeader;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ target, status, signed: typeof req.headers.authorization === 'string' });
      const text = payload === undefined ? '' : JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), ...headers });
      res.end(text);
    };
    const error = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
      send(status, { __type: type, message }, { 'x-amzn-errortype': type, ...headers });

    if (this.outage) return send(503, undefined);
    const fault = this.faults.shift();
    if (fault) {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
      if (fault.type) return error(fault.status, fault.type, 'injected fault', headers);
      return send(fault.status, undefined, headers);
    }
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== '/') {
      return error(404, 'UnknownOperationException', 'not found');
    }
    if (req.headers['content-type'] !== 'application/x-amz-json-1.1') {
      return error(400, 'SerializationException', 'Content-Type must be application/x-amz-json-1.1');
    }
    const sigError = this.checkSignature(req, body);
    if (sigError) return error(400, sigError, 'The request signature we calculated does not match the signature you provided.');
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return error(400, 'SerializationException', 'body is not JSON');
    }
    if (this.denied.has(target)) {
      return error(400, 'AccessDeniedException', `User: arn:aws:iam::${this.accountId}:user/test is not authorized to perform: kms:${target}`);
    }
    const ctx = input.EncryptionContext as Record<string, string> | undefined;
    if (ctx !== undefined && (typeof ctx !== 'object' || Object.values(ctx).some((v) => typeof v !== 'string'))) {
      return error(400, 'ValidationException', 'EncryptionContext must map strings to strings');
    }
    switch (target) {
      case 'GenerateDataKey':
      case 'Encrypt': {
        const key = this.resolveKey(input.KeyId);
        if (!key) return error(400, 'NotFoundException', `Key '${String(input.KeyId)}' does not exist`);
        if (!key.enabled) return error(400, 'DisabledException', `${key.arn} is disabled.`);
        let plaintext: Buffer;
        if (target === 'Encrypt') {
          if (typeof input.Plaintext !== 'string') return error(400, 'ValidationException', 'Plaintext is required');
          plaintext = Buffer.from(input.Plaintext, 'base64');
          if (plaintext.length < 1 || plaintext.length > 4096) return error(400, 'ValidationException', 'Plaintext length');
        } else {
          const bytes = input.KeySpec === 'AES_256' ? 32 : input.KeySpec === 'AES_128' ? 16 : Number(input.NumberOfBytes);
          if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) return error(400, 'ValidationException', 'KeySpec or NumberOfBytes required');
          plaintext = randomBytes(bytes);
        }
        const blob = this.seal(key, plaintext, ctx);
        const out: Record<string, unknown> = { CiphertextBlob: blob.toString('base64'), KeyId: key.arn };
        if (target === 'GenerateDataKey') out.Plaintext = plaintext.toString('base64');
        else out.EncryptionAlgorithm = 'SYMMETRIC_DEFAULT';
        plaintext.fill(0);
        return send(200, out);
      }
      case 'Decrypt': {
        if (typeof input.CiphertextBlob !== 'string') return error(400, 'ValidationException', 'CiphertextBlob is required');
        const r = this.open(Buffer.from(input.CiphertextBlob, 'base64'), ctx, input.KeyId);
        if ('error' in r) return error(400, r.error, r.message);
        const out = { KeyId: r.key.arn, Plaintext: r.plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
        r.plaintext.fill(0);
        return send(200, out);
      }
      case 'DescribeKey': {
        const key = this.resolveKey(input.KeyId);
        if (!key) return error(400, 'NotFoundException', `Key '${String(input.KeyId)}' does not exist`);
        return send(200, {
          KeyMetadata: {
            AWSAccountId: this.accountId,
            KeyId: key.keyId,
            Arn: key.arn,
            CreationDate: 1_767_225_600,
            Enabled: key.enabled,
            KeyState: key.enabled ? 'Enabled' : 'Disabled',
            KeyUsage: 'ENCRYPT_DECRYPT',
            KeySpec: 'SYMMETRIC_DEFAULT',
            CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
            EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
            KeyManager: 'CUSTOMER',
            Origin: 'AWS_KMS',
            MultiRegion: false,
          },
        });
      }
      default:
        return error(400, 'UnknownOperationException', `unknown operation ${targetHeader}`);
    }
  }

  private seal(key: FakeKey, plaintext: Buffer, ctx: Record<string, string> | undefined): Buffer {
    const iv = randomBytes(12);
    const id = Buffer.from(key.keyId, 'utf8');
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(Buffer.concat([id, Buffer.from(canonicalContext(ctx), 'utf8')]));
    const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([BLOB_VERSION, id.length]), id, iv, cipher.getAuthTag(), ct]);
  }

  private open(
    blob: Buffer,
    ctx: Record<string, string> | undefined,
    requestedKey: unknown,
  ): { key: FakeKey; plaintext: Buffer } | { error: string; message: string } {
    const refused = { error: 'InvalidCiphertextException', message: '' };
    if (blob.length < 2 || blob[0] !== BLOB_VERSION) return refused;
    const idLen = blob[1]!;
    if (blob.length < 2 + idLen + 12 + 16 + 1) return refused;
    const keyId = blob.subarray(2, 2 + idLen).toString('utf8');
    const key = this.keys.get(keyId);
    if (!key) return refused;
    if (requestedKey !== undefined) {
      const want = this.resolveKey(requestedKey);
      if (!want) return { error: 'NotFoundException', message: `Key '${String(requestedKey)}' does not exist` };
      if (want.keyId !== key.keyId) return { error: 'IncorrectKeyException', message: 'The key ID in the request does not identify a KMS key that can perform this operation.' };
    }
    if (!key.enabled) return { error: 'DisabledException', message: `${key.arn} is disabled.` };
    const off = 2 + idLen;
    const decipher = createDecipheriv('aes-256-gcm', key.material, blob.subarray(off, off + 12));
    decipher.setAAD(Buffer.concat([blob.subarray(2, 2 + idLen), Buffer.from(canonicalContext(ctx), 'utf8')]));
    decipher.setAuthTag(blob.subarray(off + 12, off + 28));
    try {
      const plaintext = Buffer.concat([decipher.update(blob.subarray(off + 28)), decipher.final()]);
      return { key, plaintext };
    } catch {
      return refused;
    }
  }
}

/** Creates and starts a {@link FakeKms}. */
export async function startFakeKms(options: FakeKmsOptions = {}): Promise<FakeKms> {
  return new FakeKms(options).start();
}
