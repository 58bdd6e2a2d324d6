/**
 * VRF inputs and range extension for Praos (Babbage, Conway) and TPraos (Shelley to
 * Alonzo), following ouroboros-consensus `Ouroboros.Consensus.Protocol.Praos.VRF`
 * (mkInputVRF, hashVRF, vrfLeaderValue, vrfNonceValue) and cardano-ledger
 * `Cardano.Protocol.TPraos.BHeader` (mkSeed, seedEta, seedL). All hashes are blake2b-256.
 */
import { blake2b256 } from './blake2b256.js';
import { bytesToBigInt, concatBytes, u64be } from './bytes.js';
import { CardanoError, CardanoErrorCode } from './errors.js';

/** An epoch nonce: 32 bytes, or null for the ledger's NeutralNonce. */
export type EpochNonce = Uint8Array | null;

export { blake2b256 };

function nonceBytes(nonce: EpochNonce): Uint8Array {
  if (nonce === null) return new Uint8Array(0);
  if (!(nonce instanceof Uint8Array) || nonce.length !== 32) {
    throw new CardanoError(CardanoErrorCode.BAD_NONCE, 'epoch nonce must be 32 bytes (or null for the neutral nonce)');
  }
  return nonce;
}

/** blake2b-256(slot u64be ‖ nonce), the nonce part empty for the neutral nonce. */
function slotNonceHash(slot: bigint | number, nonce: EpochNonce): Uint8Array {
  return blake2b256(concatBytes(u64be(slot), nonceBytes(nonce)));
}

/**
 * Praos VRF input (32 bytes): blake2b-256(slot as u64 big-endian ‖ epoch nonce);
 * `mkInputVRF`. CardanoError(CARDANO_BAD_NONCE) for a nonce that is not 32 bytes.
 */
export function praosInput(slot: bigint | number, nonce: EpochNonce): Uint8Array {
  return slotNonceHash(slot, nonce);
}

const TAG_L = Uint8Array.of(0x4c); // "L"
const TAG_N = Uint8Array.of(0x4e); // "N"

/** Praos leader hash (32 bytes): blake2b-256("L" ‖ 64-byte VRF output); `hashVRF SVRFLeader`. */
export function praosLeaderHash(output: Uint8Array): Uint8Array {
  return blake2b256(concatBytes(TAG_L, output));
}

/** Praos leader value: the leader hash as a 256-bit big-endian natural (`vrfLeaderValue`). */
export function praosLeaderValue(output: Uint8Array): bigint {
  return bytesToBigInt(praosLeaderHash(output));
}

/** The bound of Praos leader values, 2^256 (`certNatMax` for a 32-byte hash). */
export const PRAOS_LEADER_MAX = 1n << 256n;

/** Praos nonce VRF output (32 bytes): blake2b-256("N" ‖ 64-byte VRF output); `hashVRF SVRFNonce`. */
export function praosNonceOutput(output: Uint8Array): Uint8Array {
  return blake2b256(concatBytes(TAG_N, output));
}

/**
 * The block's contribution to the evolving nonce (32 bytes): blake2b-256 of the nonce
 * VRF output (`vrfNonceValue`, the second hash of the double hashing).
 */
export function praosNonceContribution(output: Uint8Array): Uint8Array {
  return blake2b256(praosNonceOutput(output));
}

/** `mkNonceFromNumber n` = blake2b-256(u64be n). */
export function nonceFromNumber(n: bigint | number): Uint8Array {
  return blake2b256(u64be(n));
}

/** TPraos seed for the nonce certificate: blake2b-256(u64be 0) (`seedEta`). */
export const TPRAOS_SEED_ETA: Uint8Array = nonceFromNumber(0);
/** TPraos seed for the leader certificate: blake2b-256(u64be 1) (`seedL`). */
export const TPRAOS_SEED_L: Uint8Array = nonceFromNumber(1);

/**
 * TPraos VRF input (32 bytes): blake2b-256(slot u64be ‖ epoch nonce) XOR seed
 * (`mkSeed`); `seed` is {@link TPRAOS_SEED_L} for leader checks, {@link TPRAOS_SEED_ETA}
 * for the nonce certificate.
 */
export function tpraosInput(slot: bigint | number, nonce: EpochNonce, seed: Uint8Array = TPRAOS_SEED_L): Uint8Array {
  const h = slotNonceHash(slot, nonce);
  for (let i = 0; i < 32; i++) h[i] ^= seed[i];
  return h;
}

/** TPraos leader value: the raw 64-byte VRF output as a 512-bit big-endian natural. */
export function tpraosLeaderValue(output: Uint8Array): bigint {
  return bytesToBigInt(output);
}

/** The bound of TPraos leader values, 2^512 (`certNatMax` for a 64-byte output). */
export const TPRAOS_LEADER_MAX = 1n << 512n;

/** Which protocol's inputs and leader values to use. */
export type LeaderMode = 'praos' | 'tpraos';

/** The VRF input for a leader check in `mode` at `slot`. */
export function leaderInput(mode: LeaderMode, slot: bigint | number, nonce: EpochNonce): Uint8Array {
  return mode === 'praos' ? praosInput(slot, nonce) : tpraosInput(slot, nonce, TPRAOS_SEED_L);
}

/** The leader value and its bound for `mode`, from a 64-byte VRF output. */
export function leaderValue(mode: LeaderMode, output: Uint8Array): { value: bigint; max: bigint } {
  return mode === 'praos'
    ? { value: praosLeaderValue(output), max: PRAOS_LEADER_MAX }
    : { value: tpraosLeaderValue(output), max: TPRAOS_LEADER_MAX };
}
