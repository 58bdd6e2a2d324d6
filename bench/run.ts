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
/** Ed25519 verify CPU µs measured right now. */
const yardstickNow = (seconds = 0.1) => measureCpu(() => edVerify(null, msg, publicKey, sig), seconds).cpuUsPerOp;
const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};
/**
 * Measures fn in ROUNDS short rounds, each beside a short yardstick measurement, so that
 * load changes on a shared machine hit both sides of each ratio alike; reports the medians.
 */
const ROUNDS = 10;
function paired(fn: (i: number) => unknown, seconds = Number(process.env.BENCH_SECONDS ?? 1)) {
  const ratios: number[] = [];
  const cpus: number[] = [];
  const eds: number[] = [];
  let iterations = 0;
  let wall = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const before = yardstickNow();
    const m = measureCpu(fn, seconds / ROUNDS);
    const after = yardstickNow();
    const ed = (before + after) / 2;
    ratios.push(m.cpuUsPerOp / ed);
    cpus.push(m.cpuUsPerOp);
    eds.push(ed);
    iterations += m.iterations;
    wall += m.usPerOp * m.iterations;
  }
  return { m: { iterations, usPerOp: wall / iterations, cpuUsPerOp: median(cpus) }, ratio: median(ratios), ed: median(eds) };
}

const N = 64;
for (const [suite, vrf] of [['draft03', draft03], ['draft13', draft13]] as const) {
  const seeds = Array.from({ length: N }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 31 + j * 7) & 0xff));
  const keys = seeds.map((s) => vrf.keypairFromSeed(s));
  const alphas = Array.from({ length: N }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 13 + j) & 0xff));
  const proofs = keys.map((k, i) => vrf.prove(k.secretKey, alphas[i]));
  const line = (op: string, fn: (i: number) => unknown) => {
    const p = paired(fn);
    report('vrf', op, p.m, {
      suite,
      ...cpuField(p.m),
      ratioToEd25519Verify: Number(p.ratio.toFixed(3)),
      adjacentEd25519VerifyCpuUs: Number(p.ed.toFixed(2)),
    });
  };
  line('keypairFromSeed', (i) => vrf.keypairFromSeed(seeds[i % N]));
  line('prove', (i) => vrf.prove(keys[i % N].secretKey, alphas[i % N]));
  line('verify', (i) => {
    if (vrf.verify(keys[i % N].publicKey, proofs[i % N], alphas[i % N]) === null) throw new Error('verify failed');
  });
  line('proofToHash', (i) => vrf.proofToHash(proofs[i % N]));
  line('evaluate', (i) => vrf.evaluate(keys[i % N].secretKey, alphas[i % N]));
}

// Batch verification: 1,024 honest draft-13 proofs (distinct keys) per call, against single
// verification of the same proofs measured in the same rounds.
{
  const BATCH = 1024;
  const seeds = Array.from({ length: BATCH }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 131 + j * 17 + (i >> 8)) & 0xff));
  const items = seeds.map((seed, i) => {
    const { secretKey, publicKey } = draft13.keypairFromSeed(seed);
    const alpha = Uint8Array.from({ length: 32 }, (_, j) => (i * 7 + j * 3) & 0xff);
    return { publicKey, proof: draft13.prove(secretKey, alpha), alpha };
  });
  const single = (i: number) => draft13.verify(items[i % BATCH]!.publicKey, items[i % BATCH]!.proof, items[i % BATCH]!.alpha);
  const batch = () => {
    if (draft13.batchVerify(items) === null) throw new Error('batch verify failed');
  };
  batch();
  // rounds of (single verification, batch, yardstick) so that all three see the same load
  const perProofs: number[] = [];
  const toSingle: number[] = [];
  const toEd: number[] = [];
  const singles: number[] = [];
  let iterations = 0;
  let wall = 0;
  for (let r = 0; r < 5; r++) {
    const s0 = measureCpu(single, 0.15).cpuUsPerOp;
    const b = measureCpu(batch, 0.3);
    const s1 = measureCpu(single, 0.15).cpuUsPerOp;
    const ed = yardstickNow();
    const per = b.cpuUsPerOp / BATCH;
    perProofs.push(per);
    singles.push((s0 + s1) / 2);
    toSingle.push(per / ((s0 + s1) / 2));
    toEd.push(per / ed);
    iterations += b.iterations;
    wall += b.usPerOp * b.iterations;
  }
  const perProof = median(perProofs);
  const m = { iterations, usPerOp: wall / iterations, cpuUsPerOp: perProof * BATCH };
  report('vrf', 'batchVerify', m, {
    suite: 'draft13',
    batchSize: BATCH,
    ...cpuField(m),
    cpuUsPerProof: Number(perProof.toFixed(2)),
    singleVerifyCpuUs: Number(median(singles).toFixed(2)),
    ratioToSingleVerify: Number(median(toSingle).toFixed(3)),
    ratioToEd25519Verify: Number(median(toEd).toFixed(3)),
  });
}
