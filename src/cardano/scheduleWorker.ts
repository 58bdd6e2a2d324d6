/**
 * Worker-thread body of the parallel leader schedule (Node only): receives the secret
 * key and parameters once, then ranges of slots; answers each range with its leader
 * slots. The key copy is zeroed when the worker is told to stop.
 */
import { parentPort } from 'node:worker_threads';
import { leaderSlotsInRange, paramsFromWire, thresholdFor, type ScheduleParams, type ScheduleParamsWire } from './schedule.js';
import type { LeaderThreshold } from './leaderCheck.js';

/** Messages the parent sends. */
export type ToWorker =
  | { type: 'init'; secretKey: Uint8Array; params: ScheduleParamsWire }
  | { type: 'range'; from: number; to: number }
  | { type: 'stop' };

/** Messages the worker sends back. */
export type FromWorker =
  | { type: 'result'; from: number; to: number; slots: number[] }
  | { type: 'error'; message: string };

let secretKey: Uint8Array | undefined;
let params: ScheduleParams | undefined;
let threshold: LeaderThreshold | undefined;

parentPort?.on('message', (msg: ToWorker) => {
  try {
    if (msg.type === 'init') {
      secretKey = msg.secretKey;
      params = paramsFromWire(msg.params);
      threshold = thresholdFor(params);
    } else if (msg.type === 'range') {
      if (!secretKey || !params || !threshold) throw new Error('worker not initialised');
      const slots = leaderSlotsInRange(secretKey, params, msg.from, msg.to, threshold);
      parentPort!.postMessage({ type: 'result', from: msg.from, to: msg.to, slots } satisfies FromWorker);
    } else {
      secretKey?.fill(0);
      secretKey = undefined;
      parentPort!.close();
    }
  } catch (err) {
    parentPort!.postMessage({ type: 'error', message: err instanceof Error ? err.message : 'worker error' } satisfies FromWorker);
  }
});
