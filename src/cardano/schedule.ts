/**
 * Leader schedules, runtime-agnostic: which slots of a span a VRF key wins. Only the
 * VRF output is needed per slot, so the key's output is evaluated without building a
 * proof (`draft03.evaluate`), and the leader check uses a {@link LeaderThreshold}
 * precomputed once per schedule. The multi-core runner is scheduleParallel.ts (Node).
 */
import { draft03 } from '../vrf/index.js';
import { bytesToHex, parseHex } from './bytes.js';
import { CardanoError, CardanoErrorCode } from './errors.js';
import { type EpochNonce, type LeaderMode, leaderInput, PRAOS_LEADER_MAX, praosLeaderHash, TPRAOS_LEADER_MAX } from './inputs.js';
import { LeaderThreshold, mkActiveSlotCoeff } from './leaderCheck.js';
import { type Rational, ratToString, parseRational } from './rational.js';

/** What a schedule depends on besides the key. */
export interface ScheduleParams {
  mode: LeaderMode;
  /** 32 bytes, or null for the neutral nonce. */
  epochNonce: EpochNonce;
  /** Pool stake / active stake. */
  sigma: Rational;
  /** Active-slot coefficient f ∈ (0, 1]. */
  activeSlotCoeff: Rational;
  firstSlot: number;
  /** Number of slots from firstSlot. */
  epochLength: number;
}

/** {@link ScheduleParams} as plain JSON-safe values (for worker messages). */
export interface ScheduleParamsWire {
  mode: LeaderMode;
  epochNonce: string | null;
  sigma: string;
  activeSlotCoeff: string;
  firstSlot: number;
  epochLength: number;
}

/** Checks the parameters (coded CardanoErrors) and returns the leader threshold for `p`. */
export function thresholdFor(p: ScheduleParams): LeaderThreshold {
  if (!Number.isSafeInteger(p.firstSlot) || p.firstSlot < 0 || !Number.isSafeInteger(p.epochLength) || p.epochLength <= 0) {
    throw new CardanoError(CardanoErrorCode.BAD_SLOT, 'first slot must be ≥ 0 and epoch length > 0 (integers)');
  }
  if (p.epochNonce !== null && (!(p.epochNonce instanceof Uint8Array) || p.epochNonce.length !== 32)) {
    throw new CardanoError(CardanoErrorCode.BAD_NONCE, 'epoch nonce must be 32 bytes (or null for the neutral nonce)');
  }
  if (p.sigma.num < 0n || p.sigma.num > p.sigma.den) throw new CardanoError(CardanoErrorCode.BAD_RATIONAL, 'stake fraction must be in [0, 1]');
  return new LeaderThreshold(p.sigma, mkActiveSlotCoeff(p.activeSlotCoeff), p.mode === 'praos' ? PRAOS_LEADER_MAX : TPRAOS_LEADER_MAX);
}

/** True when the 64-byte VRF `output` for a slot wins it under `threshold`. */
export function outputWins(mode: LeaderMode, threshold: LeaderThreshold, output: Uint8Array): boolean {
  return threshold.isLeaderBytes(mode === 'praos' ? praosLeaderHash(output) : output);
}

/**
 * The leader slots in [from, to) for a 64-byte secret key (seed ‖ vk), single-threaded.
 * `from`/`to` default to the whole span of `p`.
 */
export function leaderSlotsInRange(
  secretKey: Uint8Array,
  p: ScheduleParams,
  from: number = p.firstSlot,
  to: number = p.firstSlot + p.epochLength,
  threshold: LeaderThreshold = thresholdFor(p),
): number[] {
  const slots: number[] = [];
  for (let slot = from; slot < to; slot++) {
    const output = draft03.evaluate(secretKey, leaderInput(p.mode, slot, p.epochNonce));
    if (outputWins(p.mode, threshold, output)) slots.push(slot);
  }
  return slots;
}

/**
 * The leader slots of the span using an asynchronous VRF (a custody backend's prove):
 * `outputFor(alpha)` must return the 64-byte output. Up to `concurrency` calls run at
 * once; `onProgress(done, total)` is called as slots complete. Slots come back sorted.
 */
export async function leaderSlotsWith(
  outputFor: (alpha: Uint8Array) => Promise<Uint8Array>,
  p: ScheduleParams,
  opts: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number[]> {
  const threshold = thresholdFor(p);
  const total = p.epochLength;
  const slots: number[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const slot = p.firstSlot + next++;
      const output = await outputFor(leaderInput(p.mode, slot, p.epochNonce));
      if (outputWins(p.mode, threshold, output)) slots.push(slot);
      done++;
      opts.onProgress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, total)) }, worker));
  return slots.sort((a, b) => a - b);
}

/** Serialises schedule parameters for a worker message. */
export function paramsToWire(p: ScheduleParams): ScheduleParamsWire {
  return {
    mode: p.mode,
    epochNonce: p.epochNonce ? bytesToHex(p.epochNonce) : null,
    sigma: ratToString(p.sigma),
    activeSlotCoeff: ratToString(p.activeSlotCoeff),
    firstSlot: p.firstSlot,
    epochLength: p.epochLength,
  };
}

/** Inverse of {@link paramsToWire}. */
export function paramsFromWire(w: ScheduleParamsWire): ScheduleParams {
  const sigma = parseRational(w.sigma);
  const f = parseRational(w.activeSlotCoeff);
  const nonce = w.epochNonce === null ? null : parseHex(w.epochNonce);
  if (!sigma || !f || (w.epochNonce !== null && !nonce)) throw new CardanoError(CardanoErrorCode.BAD_RATIONAL, 'bad schedule parameters');
  return { mode: w.mode, epochNonce: nonce, sigma, activeSlotCoeff: f, firstSlot: w.firstSlot, epochLength: w.epochLength };
}
