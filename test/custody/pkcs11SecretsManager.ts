/**
 * A loopback AWS Secrets Manager for tests: speaks the real awsJson1_1 protocol the
 * official SDK uses (POST /, `X-Amz-Target: secretsmanager.GetSecretValue`,
 * `Content-Type: application/x-amz-json-1.1`, JSON body `{"SecretId": ...}`), and checks
 * each request's SigV4 signature by recomputing it from the test credentials. Errors are
 * answered the way the service does (HTTP 400, `{"__type": "ResourceNotFoundException", ...}`).
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received, with the verdict of its checks. */
export interface SeenRequest {
  target: string | undefined;
  contentType: string | undefined;
  body: unknown;
  /** The Authorization header's credential scope (`AKID/date/region/service/aws4_request`). */
  scope: string | null;
  /** True when the SigV4 signature matches the one recomputed with the secret key. */
  signatureValid: boolean;
}

/** What the server answers for a secret id. */
export type SecretAnswer = { secretString: string } | { error: string; status?: number };

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** Recomputes the SigV4 signature of `req` (headers as received) and compares it. */
function checkSigV4(req: IncomingMessage, body: Buffer, secretKey: string): { scope: string | null; valid: boolean } {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { scope: null, valid: false };
  const [, scope, signedHeaders, signature] = m as unknown as [string, string, string, string];
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const [, date, region, service] = scope.split('/');
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const url = new URL(req.url ?? '/', 'http://x');
  const canonicalRequest = [req.method, url.pathname, url.search.slice(1), canonicalHeaders, signedHeaders, sha256(body)].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope.split('/').slice(1).join('/'), sha256(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${secretKey}`, date ?? '');
  const kSigning = hmac(hmac(hmac(kDate, region ?? ''), service ?? ''), 'aws4_request');
  const expected = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  return { scope, valid: expected === signature };
}

/** A running fake; `close` stops it. */
export interface FakeSecretsManager {
  endpoint: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with `secrets` (by SecretId) and the test's secret access key. */
export async function startFakeSecretsManager(secrets: Record<string, SecretAnswer>, secretAccessKey: string): Promise<FakeSecretsManager> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let body: unknown = null;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        /* recorded as null */
      }
      const sig = checkSigV4(req, raw, secretAccessKey);
      const seen: SeenRequest = {
        target: req.headers['x-amz-target'] as string | undefined,
        contentType: req.headers['content-type'],
        body,
        scope: sig.scope,
        signatureValid: sig.valid,
      };
      requests.push(seen);
      const reply = (status: number, doc: unknown) => {
        const text = JSON.stringify(doc);
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': `req-${requests.length}` });
        res.end(text);
      };
      if (req.method !== 'POST' || req.url !== '/' || seen.target !== 'secretsmanager.GetSecretValue' || seen.contentType !== 'application/x-amz-json-1.1') {
        reply(400, { __type: 'UnknownOperationException', message: 'unexpected request shape' });
        return;
      }
      if (!sig.valid) {
        reply(400, { __type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' });
        return;
      }
      const id = (body as { SecretId?: unknown } | null)?.SecretId;
      const answer = typeof id === 'string' ? secrets[id] : undefined;
      if (!answer) {
        reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
        return;
      }
      if ('error' in answer) {
        reply(answer.status ?? 400, { __type: answer.error, message: 'denied by the test server' });
        return;
      }
      reply(200, {
        ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}-AbCdEf`,
        Name: id,
        VersionId: '00000000-0000-4000-8000-000000000001',
        SecretString: answer.secretString,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1_767_225_600,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
