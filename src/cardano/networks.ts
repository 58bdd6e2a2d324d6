/**
 * Built-in genesis parameters of the public networks, and slot/epoch/time arithmetic.
 *
 * Source: the networks' published genesis and node configuration files (cardano-node
 * `configuration/cardano/{mainnet,preprod,preview}-*` and the Cardano operations book
 * environment pages): Byron genesis `startTime` (system start) and `k` (Byron epoch =
 * 10·k slots of 20 s), Shelley genesis `epochLength` and `slotLength`, and the Shelley
 * hard fork epoch (mainnet 208, preprod 4 = `TestShelleyHardForkAtEpoch`, preview 0).
 * Shelley's first slot is byronEpochs · byronEpochLength.
 */
import { CardanoError, CardanoErrorCode } from './errors.js';

/** Genesis parameters of one network. */
export interface NetworkParams {
  readonly name: string;
  /** System start, ISO-8601 UTC. */
  readonly systemStart: string;
  /** Number of Byron epochs before the Shelley hard fork. */
  readonly byronEpochs: number;
  /** Slots per Byron epoch (10·k). */
  readonly byronEpochLength: number;
  /** Byron slot length, seconds. */
  readonly byronSlotLength: number;
  /** Slots per epoch from Shelley on. */
  readonly epochLength: number;
  /** Slot length from Shelley on, seconds. */
  readonly slotLength: number;
}

/** The networks known by name. */
export const NETWORKS: Readonly<Record<'mainnet' | 'preprod' | 'preview', NetworkParams>> = {
  mainnet: {
    name: 'mainnet',
    systemStart: '2017-09-23T21:44:51Z',
    byronEpochs: 208,
    byronEpochLength: 21600,
    byronSlotLength: 20,
    epochLength: 432000,
    slotLength: 1,
  },
  preprod: {
    name: 'preprod',
    systemStart: '2022-06-01T00:00:00Z',
    byronEpochs: 4,
    byronEpochLength: 21600,
    byronSlotLength: 20,
    epochLength: 432000,
    slotLength: 1,
  },
  preview: {
    name: 'preview',
    systemStart: '2022-10-25T00:00:00Z',
    byronEpochs: 0,
    byronEpochLength: 4320,
    byronSlotLength: 20,
    epochLength: 86400,
    slotLength: 1,
  },
};

/** Names accepted by {@link networkByName}. */
export type NetworkName = keyof typeof NETWORKS;

/** The parameters of a named network; CardanoError(CARDANO_UNKNOWN_NETWORK) otherwise. */
export function networkByName(name: string): NetworkParams {
  if (Object.prototype.hasOwnProperty.call(NETWORKS, name)) return NETWORKS[name as NetworkName];
  throw new CardanoError(CardanoErrorCode.UNKNOWN_NETWORK, `unknown network "${name}" (expected mainnet, preprod or preview)`);
}

/** The first slot of the Shelley era. */
export function shelleyFirstSlot(net: NetworkParams): number {
  return net.byronEpochs * net.byronEpochLength;
}

/** A span of slots: the first slot and the number of slots. */
export interface EpochSlots {
  readonly epoch: number | null;
  readonly firstSlot: number;
  readonly epochLength: number;
}

/**
 * The slots of Shelley-or-later epoch `epoch` on `net`. CardanoError(CARDANO_BAD_SLOT)
 * for a Byron epoch (no VRF leader election) or a non-integer.
 */
export function epochSlots(net: NetworkParams, epoch: number): EpochSlots {
  if (!Number.isSafeInteger(epoch) || epoch < net.byronEpochs) {
    throw new CardanoError(
      CardanoErrorCode.BAD_SLOT,
      `epoch must be an integer ≥ ${net.byronEpochs} (the first Shelley epoch of ${net.name})`,
    );
  }
  return {
    epoch,
    firstSlot: shelleyFirstSlot(net) + (epoch - net.byronEpochs) * net.epochLength,
    epochLength: net.epochLength,
  };
}

/** The epoch a slot belongs to (Byron epochs counted with their own length). */
export function slotToEpoch(net: NetworkParams, slot: number): number {
  const first = shelleyFirstSlot(net);
  if (slot < first) return Math.floor(slot / net.byronEpochLength);
  return net.byronEpochs + Math.floor((slot - first) / net.epochLength);
}

/** The UTC start time of `slot` on `net`. */
export function slotToTime(net: NetworkParams, slot: number): Date {
  const start = Date.parse(net.systemStart);
  const first = shelleyFirstSlot(net);
  const seconds =
    slot < first
      ? slot * net.byronSlotLength
      : first * net.byronSlotLength + (slot - first) * net.slotLength;
  return new Date(start + seconds * 1000);
}
