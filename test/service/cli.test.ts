/**
 * The `serve` command group's command-line contract: token helpers (secrets from stdin,
 * a file or an environment variable, never argv), usage errors exit 2, configuration
 * errors exit 1 with a coded message, a port in use is a coded failure.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CLI, ROOT, tempDir, writeConfig } from './harness.js';

function cli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input: opts.input ?? '', env: { ...process.env, ...opts.env }, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('cardano-vrf serve (command line)', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  test('hash-token reads the token from stdin, --token-file or --token-env', () => {
    const token = 'my-service-token-0123456789';
    assert.deepEqual(cli(['serve', 'hash-token'], { input: `${token}\n` }), { code: 0, out: `${sha(token)}\n`, err: '' });
    writeConfig(join(tmp.dir, 'tok'), token);
    const f = cli(['serve', 'hash-token', '--token-file', join(tmp.dir, 'tok'), '--json']);
    assert.equal(f.code, 0);
    assert.deepEqual(JSON.parse(f.out), { sha256: sha(JSON.stringify(token)) });
    const e = cli(['serve', 'hash-token', '--token-env', 'MY_TOKEN'], { env: { MY_TOKEN: token } });
    assert.equal(e.out.trim(), sha(token));
  });

  test('hash-token refuses short tokens and both sources at once (exit 2)', () => {
    const r = cli(['serve', 'hash-token'], { input: 'short\n' });
    assert.equal(r.code, 2);
    assert.match(r.err, /CLI_USAGE/);
    assert.equal(cli(['serve', 'hash-token', '--token-file', 'x', '--token-env', 'Y']).code, 2);
    assert.equal(cli(['serve', 'hash-token', '--token-env', 'UNSET_VARIABLE_XYZ']).code, 2);
  });

  test('new-token prints a token and the matching configuration entry', () => {
    const r = cli(['serve', 'new-token', '--name', 'bp', '--role', 'prover', 'metrics', '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { token: string; config_entry: { name: string; sha256: string; roles: string[] } };
    assert.match(j.token, /^cvrf_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(j.config_entry, { name: 'bp', sha256: sha(j.token), roles: ['prover', 'metrics'] });
    assert.equal(cli(['serve', 'new-token', '--role', 'root']).code, 2);
  });

  test('serve without a configuration, with a bad port, or a bad file', () => {
    const none = cli(['serve'], { env: { CARDANO_VRF_HOME: join(tmp.dir, 'empty-home'), CARDANO_VRF_SERVICE_CONFIG: '' } });
    assert.equal(none.code, 2);
    assert.match(none.err, /no service configuration/);
    assert.equal(cli(['serve', '--config', 'x.json', '--port', '70000']).code, 2);
    writeConfig(join(tmp.dir, 'bad.json'), { backends: {}, keys: [] });
    const bad = cli(['serve', '--config', join(tmp.dir, 'bad.json'), '--json']);
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.err).error.code, 'CONFIG_INVALID');
    const missing = cli(['serve', '--config', join(tmp.dir, 'missing.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /CONFIG_INVALID.*cannot read/);
  });

  test('a port in use is SERVICE_LISTEN_FAILED (exit 1), not a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      writeConfig(join(tmp.dir, 'ok.json'), {
        backends: { main: { type: 'software', keystore_dir: './keys', audit_log: './audit.log' } },
        keys: [],
        tokens: [],
      });
      const r = cli(['serve', '--config', join(tmp.dir, 'ok.json'), '--port', String(port)]);
      assert.equal(r.code, 1);
      assert.match(r.err, /SERVICE_LISTEN_FAILED.*EADDRINUSE/);
      assert.doesNotMatch(r.err, /\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});
