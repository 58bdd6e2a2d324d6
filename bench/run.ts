/**
 * `npm run bench`: one JSON line per (suite, operation) with usPerOp and opsPerSec, and
 * node:crypto's Ed25519 sign and verify measured in the same run as the yardstick
 * (ratios to Ed25519 verify travel between machines). BENCH_SECONDS sets the time per line.
 * Every line also carries cpuUsPerOp (process CPU time per call); the ratios are taken on
 * CPU time, which other processes on a shared machine disturb far less than wall time.
 */
import { generateKeyPairSync, sign, verify as edVerify } from 'node:crypto';
import { cpus } from 'node:os';
import { draft03, draft13 } from '../src/vrf/index.js';
import { getEngine } from '../src/vrf/activeEngine.js';
import { measureCpu, report } from './measure.js';

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, engine: getEngine().name };
process.stdout.write(JSON.stringify({ name: 'machine', ...machine }) + '\n');

// Yardstick: OpenSSL Ed25519 through node:crypto.
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const msg = Buffer.from('cardano-vrf yardstick message');
const sig = sign(null, msg, privateKey);
const cpuField = (m: { cpuUsPerOp: number }) => ({ cpuUsPerOp: Number(m.cpuUsPerOp.toFixed(2)) });
const eds = measureCpu(() => sign(null, msg, privateKey));
report('yardstick', 'ed25519-sign', eds, { impl: 'node:crypto', ...cpuField(eds) });
const edm = measureCpu(() => edVerify(null, msg, publicKey, sig));
report('yardstick', 'ed25519-verify', edm, { impl: 'node:crypto', ...cpuField(edm) });
const edv = { usPerOp: edm.cpuUsPerOp };

const N = 64;
const usPerOp: Record<string, number> = {};
for (const [suite, vrf] of [['draft03', draft03], ['draft13', draft13]] as const) {
  const seeds = Array.from({ length: N }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 31 + j * 7) & 0xff));
  const keys = seeds.map((s) => vrf.keypairFromSeed(s));
  const alphas = Array.from({ length: N }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 13 + j) & 0xff));
  const proofs = keys.map((k, i) => vrf.prove(k.secretKey, alphas[i]));
  const ratio = (us: number) => ({ ratioToEd25519Verify: Number((us / edv.usPerOp).toFixed(3)) });
  const line = (op: string, fn: (i: number) => unknown) => {
    const m = measureCpu(fn);
    report('vrf', op, m, { suite, ...cpuField(m), ...ratio(m.cpuUsPerOp) });
    usPerOp[`${suite}.${op}`] = m.cpuUsPerOp;
  };
  line('keypairFromSeed', (i) => vrf.keypairFromSeed(seeds[i % N]));
  line('prove', (i) => vrf.prove(keys[i % N].secretKey, alphas[i % N]));
  line('verify', (i) => {
    if (vrf.verify(keys[i % N].publicKey, proofs[i % N], alphas[i % N]) === null) throw new Error('verify failed');
  });
  line('proofToHash', (i) => vrf.proofToHash(proofs[i % N]));
  line('evaluate', (i) => vrf.evaluate(keys[i % N].secretKey, alphas[i % N]));
}

// Batch verification: 1,024 honest draft-13 proofs (distinct keys) per call, against the
// single verification measured above in the same run.
{
  const BATCH = 1024;
  const seeds = Array.from({ length: BATCH }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 131 + j * 17 + (i >> 8)) & 0xff));
  const items = seeds.map((seed, i) => {
    const { secretKey, publicKey } = draft13.keypairFromSeed(seed);
    const alpha = Uint8Array.from({ length: 32 }, (_, j) => (i * 7 + j * 3) & 0xff);
    return { publicKey, proof: draft13.prove(secretKey, alpha), alpha };
  });
  const m = measureCpu(() => {
    if (draft13.batchVerify(items) === null) throw new Error('batch verify failed');
  });
  const perProof = m.cpuUsPerOp / BATCH;
  const single = usPerOp['draft13.verify']!;
  report('vrf', 'batchVerify', m, {
    suite: 'draft13',
    batchSize: BATCH,
    ...cpuField(m),
    cpuUsPerProof: Number(perProof.toFixed(2)),
    ratioToSingleVerify: Number((perProof / single).toFixed(3)),
    ratioToEd25519Verify: Number((perProof / edv.usPerOp).toFixed(3)),
  });
}
