/**
 * TLS and mutual TLS on the real service, with certificates made by openssl for the
 * test (a CA, a server certificate for 127.0.0.1, a client certificate from that CA and
 * one from an unrelated CA). TLS: HTTPS works and plain HTTP does not. mTLS: no client
 * certificate or one from another CA fails the handshake; the right one gets through
 * (and still needs its bearer token).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { requireTool } from '../helpers/requirements.js';
import { call, mainnetSlotNow, makeKeystore, startServe, tempDir, testKey, tokenSection, TOKENS, writeConfig, type ServeProcess } from './harness.js';

const openssl = requireTool('openssl', ['openssl', '/usr/bin/openssl']);
const key = testKey('tls-key');

function ossl(dir: string, ...args: string[]): void {
  execFileSync(openssl.path!, args, { cwd: dir, stdio: 'pipe', timeout: 30_000 });
}

/** CA, server cert (SAN IP:127.0.0.1), client cert, and a client cert from a foreign CA. */
function makePki(dir: string): void {
  ossl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test-ca');
  ossl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'evil-ca.key', '-out', 'evil-ca.pem', '-days', '2', '-subj', '/CN=evil-ca');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, ca, ext] of [['server', 'ca', 'server.ext'], ['client', 'ca', 'client.ext'], ['evil', 'evil-ca', 'client.ext']] as const) {
    ossl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    ossl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', ext);
  }
}

function httpsCall(port: number, path: string, opts: { ca: Buffer; cert?: Buffer; key?: Buffer; token?: string; body?: unknown }): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: payload ? 'POST' : 'GET',
        ca: opts.ca,
        ...(opts.cert ? { cert: opts.cert, key: opts.key } : {}),
        agent: false,
        timeout: 10_000,
        headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

describe('TLS and mTLS (real serve process)', { skip: openssl.skip }, () => {
  const tmp = tempDir();
  const pem = (n: string) => readFileSync(join(tmp.dir, n));
  let tls: ServeProcess;
  let mtls: ServeProcess;
  before(async () => {
    makePki(tmp.dir);
    await makeKeystore(join(tmp.dir, 'keys'), [key]);
    const base = {
      backends: { main: { type: 'software', keystore_dir: './keys', audit_log: './audit.log' } },
      keys: [{ id: key.id, backend: 'main' }],
      tokens: tokenSection([]),
    };
    writeConfig(join(tmp.dir, 'tls.json'), { ...base, tls: { cert_file: './server.pem', key_file: './server.key' } });
    writeConfig(join(tmp.dir, 'mtls.json'), { ...base, tls: { cert_file: './server.pem', key_file: './server.key', client_ca_file: './ca.pem', require_client_cert: true } });
    tls = await startServe(join(tmp.dir, 'tls.json'));
    mtls = await startServe(join(tmp.dir, 'mtls.json'));
  });
  after(() => {
    tls?.kill();
    mtls?.kill();
    tmp.cleanup();
  });

  test('TLS: HTTPS proves work; plain HTTP to the TLS port gets no HTTP answer', async () => {
    const r = await httpsCall(tls.port, `/v1/keys/${key.id}/praos/prove`, { ca: pem('ca.pem'), token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: '01'.repeat(32) } });
    assert.equal(r.status, 200);
    assert.equal(r.json.proof.length, 160);
    assert.ok(tls.logs.some((l) => l.msg === 'listening' && l.tls === true));
    await assert.rejects(call(`http://127.0.0.1:${tls.port}`, 'GET', '/upcheck'));
  });

  test('TLS: a client that does not trust the CA refuses the server', async () => {
    await assert.rejects(httpsCall(tls.port, '/upcheck', { ca: pem('evil-ca.pem') }), /self.signed|unable to verify|certificate/i);
  });

  test('mTLS: without a client certificate, or with one from another CA, the handshake fails', async () => {
    await assert.rejects(httpsCall(mtls.port, '/upcheck', { ca: pem('ca.pem') }));
    await assert.rejects(httpsCall(mtls.port, '/upcheck', { ca: pem('ca.pem'), cert: pem('evil.pem'), key: pem('evil.key') }));
  });

  test('mTLS: the right client certificate gets through, and the bearer token is still required', async () => {
    const c = { ca: pem('ca.pem'), cert: pem('client.pem'), key: pem('client.key') };
    assert.equal((await httpsCall(mtls.port, '/upcheck', c)).status, 200);
    const noToken = await httpsCall(mtls.port, '/v1/keys', c);
    assert.equal(noToken.status, 401);
    const r = await httpsCall(mtls.port, `/v1/keys/${key.id}/praos/prove`, { ...c, token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: '02'.repeat(32) } });
    assert.equal(r.status, 200);
  });
});
