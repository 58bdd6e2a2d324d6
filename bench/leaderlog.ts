/**
 * Leader-schedule benchmark, as JSON lines: the per-slot pieces on one thread (the VRF
 * input hash, draft03.evaluate, the ledger leader check with a precomputed threshold),
 * then a whole epoch on worker threads (every CPU), as `cardano-vrf leaderlog` runs it.
 * BENCH_SLOTS sets the epoch length (default 432,000, a mainnet epoch).
 * Run: `node --import tsx bench/leaderlog.ts` (BENCH_SECONDS sets the time per single-thread line).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { leaderInput, LeaderThreshold, mkActiveSlotCoeff, outputWins, PRAOS_LEADER_MAX, rational, type ScheduleParams } from '../src/cardano/index.js';
import { leaderSlotsParallel } from '../src/cardano/node.js';
import { getEngine } from '../src/vrf/activeEngine.js';
import { draft03 } from '../src/vrf/index.js';
import { measure, report } from './measure.js';

const slots = Number(process.env.BENCH_SLOTS ?? 432_000);
const workers = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const seed = Uint8Array.from({ length: 32 }, (_, i) => (i * 29 + 3) & 0xff);
const { secretKey } = draft03.keypairFromSeed(seed);
const nonce = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + 1) & 0xff);
const sigma = rational(1n, 1000n);
const f = rational(1n, 20n);
const engine = getEngine().name;

process.stdout.write(JSON.stringify({ name: 'machine', cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length, node: process.version, engine }) + '\n');

const alphas = Array.from({ length: 64 }, (_, i) => leaderInput('praos', 4492800 + i, nonce));
const outputs = alphas.map((a) => draft03.evaluate(secretKey, a));
const threshold = new LeaderThreshold(sigma, mkActiveSlotCoeff(f), PRAOS_LEADER_MAX);
report('leaderlog', 'slot-input', measure((i) => leaderInput('praos', 4492800 + i, nonce)), { engine });
report('leaderlog', 'evaluate', measure((i) => draft03.evaluate(secretKey, alphas[i % 64])), { engine });
report('leaderlog', 'prove+proofToHash', measure((i) => draft03.proofToHash(draft03.prove(secretKey, alphas[i % 64]))), { engine });
report('leaderlog', 'leader-check', measure((i) => outputWins('praos', threshold, outputs[i % 64])), { engine });

const params: ScheduleParams = { mode: 'praos', epochNonce: nonce, sigma, activeSlotCoeff: f, firstSlot: 4492800, epochLength: slots };
const start = performance.now();
const cpu0 = process.cpuUsage();
const leaders = await leaderSlotsParallel(secretKey, params, { workers });
const seconds = (performance.now() - start) / 1000;
// CPU time of the whole process (all worker threads): on a shared, loaded machine the
// wall time stretches, the CPU time much less; cpuSeconds / workers is the wall time the
// same work needs on that many otherwise idle cores.
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  JSON.stringify({
    name: 'leaderlog',
    op: 'epoch',
    slots,
    seconds: Number(seconds.toFixed(2)),
    slotsPerSec: Number((slots / seconds).toFixed(1)),
    cpus: cpus().length,
    workers,
    engine,
    leaderSlots: leaders.length,
    cpuSeconds: Number(cpuSeconds.toFixed(2)),
    idleSecondsOnWorkers: Number((cpuSeconds / workers).toFixed(2)),
    loadAverage1m: Number(loadavg()[0].toFixed(2)),
  }) + '\n',
);
secretKey.fill(0);
