/**
 * The network's wall clock in slots, for the Praos slot-window policy. A slot number
 * is `first_slot + floor((now − system_start) / slot_length)`. For networks that began
 * with Byron (20 s slots) the reference point is the first Shelley slot, after which
 * every slot lasts 1 s (ouroboros-consensus' era history; cardano-node's
 * `shelley-genesis.json` systemStart/slotLength and the Byron→Shelley transition).
 */

/** Where slot `firstSlot` began and how long each slot lasts. */
export interface SlotClockParams {
  /** Milliseconds since the Unix epoch at which `firstSlot` started. */
  startMs: number;
  /** The slot that starts at `startMs`. */
  firstSlot: number;
  /** Slot length in milliseconds (1000 on every public Cardano network since Shelley). */
  slotLengthMs: number;
}

/** The public networks' reference points (first Shelley-era slot and its start time). */
export const NETWORK_CLOCKS: Readonly<Record<'mainnet' | 'preprod' | 'preview', SlotClockParams>> = {
  // Shelley hard fork: slot 4492800 at 2020-07-29T21:44:51Z.
  mainnet: { startMs: Date.UTC(2020, 6, 29, 21, 44, 51), firstSlot: 4_492_800, slotLengthMs: 1000 },
  // Four Byron epochs of 21600 slots × 20 s after 2022-06-01: Shelley at slot 86400, 2022-06-21T00:00:00Z.
  preprod: { startMs: Date.UTC(2022, 5, 21, 0, 0, 0), firstSlot: 86_400, slotLengthMs: 1000 },
  // No Byron era: slot 0 at the system start 2022-10-25T00:00:00Z.
  preview: { startMs: Date.UTC(2022, 9, 25, 0, 0, 0), firstSlot: 0, slotLengthMs: 1000 },
};

/** The slot in progress at `nowMs` (may be negative before the reference point). */
export function currentSlot(params: SlotClockParams, nowMs: number = Date.now()): number {
  return params.firstSlot + Math.floor((nowMs - params.startMs) / params.slotLengthMs);
}

/** True when `slot` lies in `[now − pastSlots, now + futureSlots]`. */
export function slotInWindow(
  params: SlotClockParams,
  slot: bigint,
  pastSlots: number,
  futureSlots: number,
  nowMs: number = Date.now(),
): { ok: boolean; now: number; min: number; max: number } {
  const now = currentSlot(params, nowMs);
  const min = now - pastSlots;
  const max = now + futureSlots;
  const ok = slot >= BigInt(min) && slot <= BigInt(max);
  return { ok, now, min, max };
}
