import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope, verifyAuditLog, verifyKeys } from '../../src/custody/index.js';
import { draft03 } from '../../src/vrf/index.js';
import { openSoftware, softwareConfig, tempHome } from './softwareFixtures.js';

const KILLS = 30;

/** Runs the child until it has reported its first key, lets it work `delayMs` more, SIGKILLs it; returns its complete stdout lines. */
function runAndKill(home: string, tag: string, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crashChild.ts'), home, tag], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (!timer && out.includes('\ncreated ')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child ended with ${code ?? signal} before the kill: ${err}`));
      const lines = out.split('\n');
      lines.pop(); // an incomplete last line is not a report
      resolve(lines);
    });
  });
}

test(`crash safety: ${KILLS} SIGKILLs during generate/delete leave every key present-and-valid or absent, none reported lost`, { timeout: 240_000 }, async () => {
  const { dir, cleanup } = tempHome();
  try {
    const created = new Set<string>();
    const mayBeGone = new Set<string>();
    let reports = 0;
    for (let n = 0; n < KILLS; n++) {
      const lines = await runAndKill(dir, String(n), Math.floor(Math.random() * 120));
      for (const line of lines) {
        const [what, id] = line.split(' ');
        if (what === 'created') created.add(id!);
        else if (what === 'deleting') mayBeGone.add(id!);
        if (what !== 'ready') reports++;
      }
    }
    assert.ok(created.size >= KILLS, `the children made progress (${created.size} keys reported)`);

    const keysDir = join(dir, 'keys');
    const names = readdirSync(keysDir);
    const present = names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -5));
    // Every key file is complete and valid: parses, 0600, its seed derives its public key.
    for (const id of present) {
      const file = join(keysDir, `${id}.json`);
      assert.equal(statSync(file).mode & 0o777, 0o600, id);
      const env = parseEnvelope(readFileSync(file, 'utf8'), file);
      assert.equal(env.key_id, id);
      const seed = Buffer.from(env.wrapped, 'base64');
      assert.equal(Buffer.from(draft03.keypairFromSeed(seed).publicKey).toString('hex'), env.public_key, `${id} is corrupt`);
    }
    // No key reported as created is lost, unless a delete of it was announced.
    for (const id of created) {
      if (!mayBeGone.has(id)) assert.ok(present.includes(id), `key ${id} was reported created but is missing`);
    }
    // Leftover temp files (a kill between write and rename) are ignored by the store, and
    // removed when it is next opened (their writers are dead).
    const strays = names.filter((n) => n.startsWith('.tmp-')).length;
    const be = await openSoftware(dir);
    assert.deepEqual((await be.listKeys()).map((k) => k.keyId), [...present].sort());
    assert.deepEqual(readdirSync(keysDir).filter((n) => n.startsWith('.')), []);
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('audit.log.lock.')), []);
    const v = await verifyKeys(be, softwareConfig(dir));
    assert.equal(v.ok, true, JSON.stringify(v.keys.filter((k) => !k.ok)));
    await be.close();
    // The audit log survived the kills: its chain verifies (at worst an interrupted last line).
    const audit = await verifyAuditLog(join(dir, 'audit.log'));
    assert.deepEqual(audit.problems.filter((p) => p.kind !== 'unparsable' && p.kind !== 'torn-tail'), []);
    process.stdout.write(`# crash-safety: ${KILLS} kills, ${reports} reported ops, ${created.size} created, ${present.length} present, ${strays} stray temp files removed, ${audit.records} audit records\n`);
  } finally {
    cleanup();
  }
});
