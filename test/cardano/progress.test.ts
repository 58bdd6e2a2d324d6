// leaderlog's progress bar: drawn on stderr when stderr is a terminal (a pseudo-terminal
// from util-linux `script`), absent otherwise (cli.test.ts checks the non-TTY case).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { envelopeToJson, parseHex, signingKeyEnvelope } from '../../src/cardano/index.js';
import { draft03 } from '../../src/vrf/index.js';
import { ROOT } from '../helpers/cli.js';
import { requireTool } from '../helpers/requirements.js';
import { cardanoVectors } from './cardanoVectors.js';

const script = requireTool('script', ['script', '/usr/bin/script']);

test('leaderlog draws a progress bar on a TTY stderr and clears it; stdout stays clean JSON', { skip: script.skip }, () => {
  const s = cardanoVectors().leader_schedules.find((x) => x.mode === 'praos')!;
  const dir = mkdtempSync(join(tmpdir(), 'cardano-progress-'));
  try {
    const skey = join(dir, 'vrf.skey');
    writeFileSync(skey, envelopeToJson(signingKeyEnvelope(draft03.keypairFromSeed(parseHex(s.vrf_seed)!).secretKey)), { mode: 0o600 });
    const out = join(dir, 'out.json');
    const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const cmd = [process.execPath, join(ROOT, 'dist', 'cli', 'main.js'), 'leaderlog', '--vrf-skey', skey, '--epoch-nonce', s.epoch_nonce,
      '--pool-stake', '1', '--active-stake', '4', '--first-slot', String(s.first_slot), '--epoch-length', '1200', '--json'].map(q).join(' ');
    const r = spawnSync(script.path!, ['-qec', `${cmd} > ${q(out)}`, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // The terminal saw the bar (carriage returns, a filled bar, the slot count) and the clear-line sequence.
    assert.match(r.stdout, /\r\[#+\.*\]\s+\d+\.\d% \d+\/1200 slots/);
    assert.match(r.stdout, /\r\[#{30}\] 100\.0% 1200\/1200 slots/);
    assert.ok(r.stdout.endsWith('\r\x1b[2K'), JSON.stringify(r.stdout.slice(-20)));
    const j = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(j.leader_slots, s.leader_slots.filter((x) => x < s.first_slot + 1200));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
