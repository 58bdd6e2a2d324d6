/**
 * The shipped operations files: the alert rules pass `promtool check rules` and their unit
 * tests (`promtool test rules`), every Grafana panel query is valid PromQL (checked by
 * promtool as recording rules) and names only metrics the service exports, the live
 * exposition passes `promtool check metrics`, the example configuration loads, and the
 * systemd unit runs `serve` hardened. promtool comes from Debian's `prometheus` package.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findTool, requireTool } from '../helpers/requirements.js';
import { loadServiceConfig } from '../../src/service/config.js';
import { call, serveSoftwareKeys, mainnetSlotNow, ROOT, tempDir, testKey, TOKENS, type ServeProcess } from './harness.js';

const promtool = requireTool('promtool', ['promtool', '/usr/bin/promtool']);
const OPS = join(ROOT, 'ops');

function runPromtool(args: string[], input?: string): { status: number; out: string } {
  const r = spawnSync(promtool.path!, args, { encoding: 'utf8', input, timeout: 30_000 });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** Metric families in an exposition (names from # TYPE lines; histograms add their series). */
function exportedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(m[1]);
    if (m[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m[1] + s);
  }
  return names;
}

describe('operations files', () => {
  const tmp = tempDir();
  let svc: ServeProcess;
  let exposition = '';
  before(async () => {
    const key = testKey('ops-key');
    svc = await serveSoftwareKeys(tmp.dir, [key]);
    await call(svc.base, 'POST', `/v1/keys/${key.id}/praos/prove`, { token: TOKENS.prover, body: { slot: mainnetSlotNow(), epoch_nonce: '00'.repeat(32) } });
    await call(svc.base, 'GET', '/v1/keys', { token: 'wrong-token-0123456789' });
    exposition = (await call(svc.base, 'GET', '/metrics', { token: TOKENS.metrics })).text;
  });
  after(() => {
    svc?.kill();
    tmp.cleanup();
  });

  test('promtool check rules ops/prometheus/alerts.yml', { skip: promtool.skip }, () => {
    const r = runPromtool(['check', 'rules', join(OPS, 'prometheus', 'alerts.yml')]);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /SUCCESS: \d+ rules found/);
  });

  test('promtool test rules: the alerts fire on the series they are meant for', { skip: promtool.skip }, () => {
    const r = runPromtool(['test', 'rules', join(OPS, 'prometheus', 'alerts.test.yml')]);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /SUCCESS/);
  });

  test('the guide\'s latency rule is corrected: rate over [5m], summed by le', () => {
    const text = readFileSync(join(OPS, 'prometheus', 'alerts.yml'), 'utf8');
    assert.match(text, /histogram_quantile\(0\.99, sum by \([^)]*\ble\) \(rate\(vrf_prove_duration_seconds_bucket\[5m\]\)\)\)/);
    assert.doesNotMatch(text, /histogram_quantile\(0\.95, vrf_prove_duration_seconds\)/);
  });

  test('alert rules and dashboard name only metrics the service exports', () => {
    const names = exportedNames(exposition);
    for (const n of ['vrf_prove_duration_seconds', 'vrf_verify_duration_seconds', 'vrf_prove_total', 'vrf_verify_total', 'vrf_prove_errors_total', 'vrf_verify_errors_total']) {
      assert.ok(names.has(n), `guide metric ${n} exported`);
    }
    const used = new Set<string>();
    const alertExprs = readFileSync(join(OPS, 'prometheus', 'alerts.yml'), 'utf8').split('\n').filter((l) => /^\s+expr:/.test(l)).join('\n');
    const sources = [alertExprs, readFileSync(join(OPS, 'grafana', 'dashboard.json'), 'utf8')];
    for (const s of sources) for (const m of s.matchAll(/\b(vrf_[a-z_]+)\b/g)) used.add(m[1]);
    assert.ok(used.size >= 12);
    for (const n of used) assert.ok(names.has(n), `${n} is used by the ops files but not exported`);
  });

  test('every Grafana panel query is valid PromQL (promtool, as recording rules)', { skip: promtool.skip }, () => {
    const dash = JSON.parse(readFileSync(join(OPS, 'grafana', 'dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[]; uid: string };
    assert.equal(dash.uid, 'cardano-vrf-service');
    const exprs = dash.panels.flatMap((p) => p.targets.map((t) => t.expr));
    assert.ok(exprs.length >= 15);
    const rules = ['groups:', '  - name: dashboard', '    rules:'];
    exprs.forEach((e, i) => {
      const promql = e.replaceAll('$__rate_interval', '5m').replaceAll('$instance', '.*');
      rules.push(`      - record: dashboard:query_${i}`, `        expr: ${JSON.stringify(promql)}`);
    });
    const file = join(tmp.dir, 'dashboard-rules.yml');
    writeFileSync(file, rules.join('\n') + '\n');
    const r = runPromtool(['check', 'rules', file]);
    assert.equal(r.status, 0, r.out);
  });

  test('the live /metrics exposition passes promtool check metrics (the service\'s own vrf_* families)', { skip: promtool.skip }, () => {
    const r = runPromtool(['check', 'metrics'], exposition);
    // prom-client's default nodejs_* gauges carry a _total suffix promtool lints; ours must be clean.
    const problems = r.out.split('\n').filter((l) => l.trim().length > 0);
    assert.ok(problems.every((l) => l.startsWith('nodejs_')), r.out);
    const own = runPromtool(['check', 'metrics'], exposition.split('\n').filter((l) => !/^(# (HELP|TYPE) )?nodejs_/.test(l)).join('\n'));
    assert.equal(own.status, 0, own.out);
  });

  test('ops/config/example.json is a valid configuration with hashed tokens only', () => {
    const cfg = loadServiceConfig(join(OPS, 'config', 'example.json'));
    assert.equal(cfg.listen.host, '127.0.0.1');
    assert.equal(cfg.listen.port, 9090);
    assert.equal(cfg.keys[0].standby, 'kms');
    assert.equal(cfg.keys[0].policy.allowRawAlpha, false);
    assert.deepEqual(cfg.tokens.map((t) => t.roles[0]).sort(), ['metrics', 'officer', 'prover']);
    const text = readFileSync(join(OPS, 'config', 'example.json'), 'utf8');
    assert.doesNotMatch(text, /"(token|pin|passphrase|password)"\s*:/i);
  });

  test('the systemd unit runs serve with a hardened sandbox', () => {
    const unit = readFileSync(join(OPS, 'systemd', 'cardano-vrf.service'), 'utf8');
    assert.match(unit, /^ExecStart=\S*cardano-vrf serve --config \S+$/m);
    assert.match(unit, /^ExecReload=\/bin\/kill -HUP \$MAINPID$/m);
    for (const d of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'CapabilityBoundingSet=', 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6', 'UMask=0077', 'SystemCallFilter=@system-service', 'User=cardano-vrf']) {
      assert.ok(unit.split('\n').includes(d), `unit has ${d}`);
    }
    // Optional deeper check where systemd is installed (it is not in CI's container).
    const analyze = findTool(['systemd-analyze']);
    if (analyze) {
      // Syntax only (the binary and user do not exist here); unknown directives would be reported.
      const out = spawnSync(analyze, ['verify', '--man=no', join(OPS, 'systemd', 'cardano-vrf.service')], { encoding: 'utf8' });
      assert.doesNotMatch(`${out.stdout}${out.stderr}`, /Unknown (key|section)/);
    }
  });
});
