/**
 * Malformed requests against the real service: bad JSON, wrong hex, wrong lengths,
 * wrong types, unknown fields, 1 MB bodies, unknown keys, odd paths and raw garbage.
 * Each gets a 4xx with a coded JSON error, never a 5xx, and the service keeps serving.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import fc from 'fast-check';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { call, mainnetSlotNow, makeKeystore, metricValue, startServe, tempDir, testKey, tokenSection, TOKENS, writeConfig, type ServeProcess } from './harness.js';

const key = testKey('k1');
const rawKey = testKey('k-raw');

describe('malformed requests get 4xx, never 5xx (real serve process)', () => {
  const tmp = tempDir();
  let svc: ServeProcess;
  before(async () => {
    await makeKeystore(join(tmp.dir, 'keys'), [key, rawKey]);
    writeConfig(join(tmp.dir, 'service.json'), {
      backends: { main: { type: 'software', keystore_dir: './keys', audit_log: './audit.log' } },
      keys: [
        { id: key.id, backend: 'main' },
        { id: rawKey.id, backend: 'main', policy: { allow_raw_alpha: true } },
      ],
      tokens: tokenSection([key.id]),
    });
    svc = await startServe(join(tmp.dir, 'service.json'));
  });
  after(() => {
    svc?.kill();
    tmp.cleanup();
  });

  const praosPath = `/v1/keys/${key.id}/praos/prove`;
  const rawPath = `/v1/keys/${rawKey.id}/prove`;
  const nonce = '00'.repeat(32);
  const cases: { name: string; path: string; body: unknown; status: number; code: string; headers?: Record<string, string> }[] = [
    { name: 'not JSON', path: praosPath, body: '{"slot": 1,', status: 400, code: 'BAD_JSON' },
    { name: 'empty body', path: praosPath, body: '', status: 400, code: 'BAD_JSON' },
    { name: 'JSON array', path: praosPath, body: '[1,2]', status: 400, code: 'BAD_JSON' },
    { name: 'JSON null', path: praosPath, body: 'null', status: 400, code: 'BAD_JSON' },
    { name: 'JSON string', path: rawPath, body: '"aa"', status: 400, code: 'BAD_JSON' },
    { name: 'invalid UTF-8', path: rawPath, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), status: 400, code: 'BAD_JSON' },
    { name: 'unknown field', path: praosPath, body: { slot: 1, epoch_nonce: nonce, extra: 1 }, status: 400, code: 'BAD_REQUEST' },
    { name: 'missing slot', path: praosPath, body: { epoch_nonce: nonce }, status: 400, code: 'BAD_REQUEST' },
    { name: 'missing nonce', path: praosPath, body: { slot: 1 }, status: 400, code: 'BAD_REQUEST' },
    { name: 'negative slot', path: praosPath, body: { slot: -1, epoch_nonce: nonce }, status: 400, code: 'BAD_SLOT' },
    { name: 'fractional slot', path: praosPath, body: { slot: 1.5, epoch_nonce: nonce }, status: 400, code: 'BAD_SLOT' },
    { name: 'slot beyond 2^53 as number', path: praosPath, body: '{"slot": 18446744073709551616, "epoch_nonce": "' + nonce + '"}', status: 400, code: 'BAD_SLOT' },
    { name: 'slot beyond 2^64 as string', path: praosPath, body: { slot: '18446744073709551616', epoch_nonce: nonce }, status: 400, code: 'BAD_SLOT' },
    { name: 'slot as hex string', path: praosPath, body: { slot: '0x10', epoch_nonce: nonce }, status: 400, code: 'BAD_SLOT' },
    { name: 'slot as boolean', path: praosPath, body: { slot: true, epoch_nonce: nonce }, status: 400, code: 'BAD_SLOT' },
    { name: 'nonce not hex', path: praosPath, body: { slot: 1, epoch_nonce: 'zz'.repeat(32) }, status: 400, code: 'BAD_HEX' },
    { name: 'nonce odd length', path: praosPath, body: { slot: 1, epoch_nonce: 'abc' }, status: 400, code: 'BAD_HEX' },
    { name: 'nonce 31 bytes', path: praosPath, body: { slot: 1, epoch_nonce: '00'.repeat(31) }, status: 400, code: 'BAD_LENGTH' },
    { name: 'nonce 33 bytes', path: praosPath, body: { slot: 1, epoch_nonce: '00'.repeat(33) }, status: 400, code: 'BAD_LENGTH' },
    { name: 'nonce as number', path: praosPath, body: { slot: 1, epoch_nonce: 12 }, status: 400, code: 'BAD_HEX' },
    { name: 'alpha not hex', path: rawPath, body: { alpha: 'hello' }, status: 400, code: 'BAD_HEX' },
    { name: 'alpha as array', path: rawPath, body: { alpha: [1, 2] }, status: 400, code: 'BAD_HEX' },
    { name: 'alpha with spaces', path: rawPath, body: { alpha: 'aa bb' }, status: 400, code: 'BAD_HEX' },
    { name: 'wrong content type', path: rawPath, body: 'alpha=aa', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { name: '1 MB body', path: rawPath, body: JSON.stringify({ alpha: 'aa'.repeat(512 * 1024) }), status: 413, code: 'BODY_TOO_LARGE' },
    { name: '1 MB of garbage', path: praosPath, body: Buffer.alloc(1024 * 1024, 0x41), status: 413, code: 'BODY_TOO_LARGE' },
    { name: 'unknown key', path: '/v1/keys/nope/praos/prove', body: { slot: 1, epoch_nonce: nonce }, status: 404, code: 'KEY_NOT_FOUND' },
    { name: 'key id with traversal', path: '/v1/keys/..%2F..%2Fetc%2Fpasswd/prove', body: { alpha: '' }, status: 404, code: 'KEY_NOT_FOUND' },
    { name: 'key id with bad escape', path: '/v1/keys/%E0%A4%A/prove', body: { alpha: '' }, status: 404, code: 'NOT_FOUND' },
    { name: 'very long key id', path: `/v1/keys/${'x'.repeat(4000)}/prove`, body: { alpha: '' }, status: 404, code: 'KEY_NOT_FOUND' },
  ];

  for (const c of cases) {
    test(`${c.name} → ${c.status} ${c.code}`, async () => {
      const r = await call(svc.base, 'POST', c.path, { token: TOKENS.prover, body: c.body, ...(c.headers ? { headers: c.headers } : {}) });
      assert.equal(r.status, c.status, r.text.slice(0, 300));
      assert.equal(r.json?.error?.code, c.code);
      assert.equal(typeof r.json.error.message, 'string');
    });
  }

  test('1 MB body announced with chunked encoding (no Content-Length) → 413', async () => {
    const reply = await rawHttp(
      `POST ${rawPath} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKENS.prover}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n` +
        `100000\r\n${'a'.repeat(0x100000)}\r\n0\r\n\r\n`,
    );
    assert.match(reply, /^HTTP\/1\.1 413 /);
    assert.match(reply, /BODY_TOO_LARGE/);
  });

  test('raw garbage and broken HTTP get 400 or a closed connection, never a crash', async () => {
    for (const junk of ['GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', `POST ${rawPath} HTTP/1.1\r\ncontent-length: abc\r\n\r\n`, '\x00\x01\x02\x03\r\n\r\n']) {
      const reply = await rawHttp(junk);
      assert.ok(reply === '' || /^HTTP\/1\.[01] 4\d\d /.test(reply), JSON.stringify(reply.slice(0, 80)));
    }
  });

  test('property: arbitrary bodies and field values never get a 5xx (fast-check, 300 requests)', async () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 80 }), fc.array(fc.integer(), { maxLength: 4 }), fc.bigInt().map(String));
    const body = fc.oneof(
      fc.json().map((j) => Buffer.from(j)),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.record({ slot: value, epoch_nonce: value }, { requiredKeys: [] }).map((o) => Buffer.from(JSON.stringify(o))),
      fc.record({ alpha: value }, { requiredKeys: [] }).map((o) => Buffer.from(JSON.stringify(o))),
      fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 4 }).map((o) => Buffer.from(JSON.stringify(o))),
    );
    const path = fc.constantFrom(praosPath, rawPath, '/v1/keys/nope/prove', `/v1/keys/${key.id}/prove`, '/v1/reload', '/v1/keys');
    await fc.assert(
      fc.asyncProperty(path, body, async (p, b) => {
        const r = await call(svc.base, 'POST', p, { token: TOKENS.prover, body: b });
        if (r.status >= 500) return false;
        if (r.status !== 200 && typeof r.json?.error?.code !== 'string') return false;
        if (r.status === 200) return typeof r.json.proof === 'string';
        return true;
      }),
      { numRuns: 300 },
    );
  });

  test('the service still serves after all of that, and counted no 5xx', async () => {
    const r = await call(svc.base, 'POST', praosPath, { token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: nonce } });
    assert.equal(r.status, 200);
    const m = (await call(svc.base, 'GET', '/metrics', { token: TOKENS.metrics })).text;
    assert.equal(metricValue(m, 'vrf_prove_errors_total'), null, 'no prove reached a backend and failed');
    assert.equal(svc.proc.exitCode, null);
    assert.ok(!svc.logs.some((l) => l.level === 50 || l.level === 60), 'no error-level log lines');
  });

  function rawHttp(data: string): Promise<string> {
    return new Promise((resolve) => {
      const s = connect(svc.port, '127.0.0.1');
      let out = '';
      s.on('data', (d) => (out += d.toString('latin1')));
      s.on('error', () => resolve(out));
      s.on('close', () => resolve(out));
      s.setTimeout(5000, () => s.destroy());
      s.write(data);
    });
  }
});
