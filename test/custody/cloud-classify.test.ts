import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { AuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { InvalidCiphertextException, KMSInternalException, NotFoundException } from '@aws-sdk/client-kms';
import { classifyAws } from '../../src/custody/cloud/classifyAws.js';
import { classifyAzure } from '../../src/custody/cloud/classifyAzure.js';
import { CloudErrorCode } from '../../src/custody/cloud/errors.js';
import { resolveTuning } from '../../src/custody/cloud/policy.js';
import { healthReport } from '../../src/custody/cloud/health.js';
import { CloudError } from '../../src/custody/cloud/errors.js';

function restError(status: number, headers: Record<string, string> = {}, body?: unknown): RestError {
  const request = createPipelineRequest({ url: 'https://v.vault.azure.net/keys/k' });
  const response = { status, headers: createHttpHeaders(headers), request };
  const e = new RestError(`status ${status}`, { statusCode: status, request, response });
  if (body !== undefined) (e as unknown as { details: unknown }).details = body;
  return e;
}
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('classifyAzure (real SDK error classes)', () => {
  it('maps status codes to typed codes', () => {
    assert.equal(classifyAzure(restError(401)).code, CloudErrorCode.AUTH_FAILED);
    assert.equal(classifyAzure(restError(403)).code, CloudErrorCode.FORBIDDEN);
    assert.equal(classifyAzure(restError(403, {}, { error: { code: 'Forbidden', innererror: { code: 'KeyDisabled' } } })).code, CloudErrorCode.KEY_DISABLED);
    assert.equal(classifyAzure(restError(404)).code, CloudErrorCode.KEY_NOT_FOUND);
    assert.equal(classifyAzure(restError(400)).code, CloudErrorCode.BAD_REQUEST);
    const t = classifyAzure(restError(429, { 'retry-after': '3' }));
    assert.equal(t.code, CloudErrorCode.THROTTLED);
    assert.equal(t.retryable, true);
    assert.equal(t.retryAfterMs, 3000);
    const u = classifyAzure(restError(503));
    assert.equal(u.code, CloudErrorCode.UNAVAILABLE);
    assert.equal(u.retryable, true);
  });

  it('maps identity errors and network failures', () => {
    assert.equal(classifyAzure(new AuthenticationError(401, { error: 'invalid_client', error_description: 'bad secret' })).code, CloudErrorCode.AUTH_FAILED);
    const a5 = classifyAzure(new AuthenticationError(503, { error: 'temporarily_unavailable', error_description: 'x' }));
    assert.equal(a5.code, CloudErrorCode.UNAVAILABLE);
    assert.equal(a5.retryable, true);
    assert.equal(classifyAzure(new CredentialUnavailableError('no env')).code, CloudErrorCode.AUTH_FAILED);
    const net = classifyAzure(new RestError('connect ECONNREFUSED', { code: 'REQUEST_SEND_ERROR' }));
    assert.equal(net.code, CloudErrorCode.UNAVAILABLE);
    assert.equal(net.retryable, true);
  });
});

describe('classifyAws (real SDK exception classes)', () => {
  it('maps KMS exceptions to typed codes', () => {
    assert.equal(classifyAws(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', ...meta(400) })).code, CloudErrorCode.FORBIDDEN);
    assert.equal(classifyAws(new NotFoundException({ message: 'no', ...meta(400) })).code, CloudErrorCode.KEY_NOT_FOUND);
    assert.equal(classifyAws(new InvalidCiphertextException({ message: 'no', ...meta(400) })).code, CloudErrorCode.DECRYPT_REFUSED);
    const i = classifyAws(new KMSInternalException({ message: 'x', ...meta(500) }));
    assert.equal(i.code, CloudErrorCode.UNAVAILABLE);
    assert.equal(i.retryable, true);
  });

  it('maps throttling, auth and network failures by name', () => {
    const t = classifyAws(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', ...meta(400) }));
    assert.equal(t.code, CloudErrorCode.THROTTLED);
    assert.equal(t.retryable, true);
    assert.equal(classifyAws(Object.assign(new Error('x'), { name: 'UnrecognizedClientException', ...meta(400) })).code, CloudErrorCode.AUTH_FAILED);
    assert.equal(classifyAws(Object.assign(new Error('x'), { name: 'CredentialsProviderError' })).code, CloudErrorCode.AUTH_FAILED);
    const n = classifyAws(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
    assert.equal(n.code, CloudErrorCode.UNAVAILABLE);
    assert.equal(n.retryable, true);
  });
});

describe('resolveTuning', () => {
  it('applies defaults and validates every field', () => {
    const r = resolveTuning({}, 'custody');
    assert.equal(r.seedCacheTtlMs, 0);
    assert.equal(r.rateLimit, undefined);
    const t = resolveTuning({ retry: { deadlineMs: 500 }, rateLimit: { ratePerSecond: 50, burst: 10 }, seedCacheTtlMs: 1000 }, 'c');
    assert.equal(t.retry.deadlineMs, 500);
    assert.deepEqual(t.rateLimit, { ratePerSecond: 50, burst: 10 });
    for (const bad of [{ retry: { maxAttempts: 0 } }, { retry: { nope: 1 } }, { seedCacheTtlMs: -5 }, { rateLimit: { ratePerSecond: 'x' } }]) {
      assert.throws(() => resolveTuning(bad as never, 'c'), (e: unknown) => (e as { code?: string }).code === 'CONFIG_INVALID');
    }
  });
});

describe('healthReport', () => {
  it('reports the last transient code after a deadline, else the error code', () => {
    const d = new CloudError(CloudErrorCode.DEADLINE_EXCEEDED, 'x', { lastCode: CloudErrorCode.UNAVAILABLE });
    assert.equal(healthReport('aws-kms', 1, d).code, 'BACKEND_UNAVAILABLE');
    assert.equal(healthReport('aws-kms', 1, new CloudError(CloudErrorCode.FORBIDDEN, 'x')).code, 'CLOUD_FORBIDDEN');
    assert.deepEqual(healthReport('aws-kms', 1.2), { backend: 'aws-kms', healthy: true, latencyMs: 1 });
  });
});
