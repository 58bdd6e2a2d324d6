/**
 * Leader schedules on every core (Node only): the span is cut into chunks handed out
 * to worker threads (scheduleWorker.ts) as they finish, so all cores stay busy;
 * progress is reported per chunk. Gives exactly the slots of leaderSlotsInRange.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CardanoError, CardanoErrorCode } from './errors.js';
import { paramsToWire, thresholdFor, type ScheduleParams } from './schedule.js';
import type { FromWorker, ToWorker } from './scheduleWorker.js';

/** Options of {@link leaderSlotsParallel}. */
export interface ParallelOptions {
  /** Worker threads; default: the number of CPUs. */
  workers?: number;
  /** Slots per chunk handed to a worker; default 500. */
  chunkSize?: number;
  /** Called after each chunk with slots done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Spawns the worker. When this module runs from TypeScript source (tests, through tsx),
 * the worker registers tsx's loader itself before importing the .ts worker file.
 */
function spawnWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./scheduleWorker.js', import.meta.url));
  const target = new URL('./scheduleWorker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(boot, { eval: true });
}

/**
 * The leader slots of the span of `p` for a 64-byte secret key (seed ‖ vk), computed
 * by worker threads. The caller keeps (and zeroes) its key; each worker gets a copy it
 * zeroes when done. CardanoError(CARDANO_SCHEDULE_FAILED) if a worker fails.
 */
export async function leaderSlotsParallel(secretKey: Uint8Array, p: ScheduleParams, opts: ParallelOptions = {}): Promise<number[]> {
  thresholdFor(p); // validates the parameters before any thread starts
  const total = p.epochLength;
  const chunk = Math.max(1, opts.chunkSize ?? 500);
  const nWorkers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), Math.ceil(total / chunk)));
  const wire = paramsToWire(p);
  const slots: number[] = [];
  let next = p.firstSlot;
  const end = p.firstSlot + total;
  let done = 0;
  const workers: Worker[] = [];

  const runOne = (w: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const send = (m: ToWorker, transfer: ArrayBuffer[] = []): void => w.postMessage(m, transfer);
      const dispatch = (): void => {
        if (next >= end) {
          send({ type: 'stop' });
          resolve();
          return;
        }
        const from = next;
        next = Math.min(end, next + chunk);
        send({ type: 'range', from, to: next });
      };
      w.on('message', (m: FromWorker) => {
        if (m.type === 'error') {
          reject(new CardanoError(CardanoErrorCode.SCHEDULE_FAILED, `leader-schedule worker failed: ${m.message}`));
          return;
        }
        for (const s of m.slots) slots.push(s);
        done += m.to - m.from;
        opts.onProgress?.(done, total);
        dispatch();
      });
      w.on('error', (err) => reject(new CardanoError(CardanoErrorCode.SCHEDULE_FAILED, `leader-schedule worker failed: ${err.message}`)));
      w.on('exit', (code) => {
        if (next < end || code !== 0) reject(new CardanoError(CardanoErrorCode.SCHEDULE_FAILED, `leader-schedule worker exited (${code})`));
      });
      const copy = secretKey.slice(); // transferred: no copy stays behind in this thread
      send({ type: 'init', secretKey: copy, params: wire }, [copy.buffer]);
      dispatch();
    });

  try {
    for (let i = 0; i < nWorkers; i++) workers.push(spawnWorker());
    await Promise.all(workers.map(runOne));
  } finally {
    await Promise.all(workers.map((w) => w.terminate().catch(() => 0)));
  }
  return slots.sort((a, b) => a - b);
}
