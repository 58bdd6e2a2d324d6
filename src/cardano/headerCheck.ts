/**
 * The VRF checks of a Praos (Babbage, Conway) block header: the proof verifies under
 * the header's VRF key for alpha = blake2b-256(slot ‖ epoch nonce), the claimed output
 * equals the proof's, and (given the pool's stake) the leader value wins the slot,
 * as ouroboros-consensus `Praos.validateVRFSignature` does.
 */
import { draft03 } from '../vrf/index.js';
import { bytesEqual, bytesToBigInt } from './bytes.js';
import type { PraosHeaderFields } from './header.js';
import { type EpochNonce, PRAOS_LEADER_MAX, praosInput, praosLeaderHash, praosNonceContribution, praosNonceOutput } from './inputs.js';
import { type ActiveSlotCoeff, checkLeaderNatValue } from './leaderCheck.js';
import { vrfKeyHash } from './keyFile.js';
import type { Rational } from './rational.js';

/** Inputs of {@link checkPraosVrf}. */
export interface PraosVrfClaim {
  slot: bigint | number;
  epochNonce: EpochNonce;
  /** 32-byte VRF verification key. */
  vrfVkey: Uint8Array;
  /** 80-byte draft-03 proof. */
  proof: Uint8Array;
  /** The 64-byte output the header claims; checked against the proof's when given. */
  output?: Uint8Array;
  /** When given with `activeSlotCoeff`, the leader check is run too. */
  sigma?: Rational;
  activeSlotCoeff?: ActiveSlotCoeff;
}

/** Outcome of {@link checkPraosVrf}; the derived values are null unless `valid`. */
export interface PraosVrfCheck {
  valid: boolean;
  /** Why `valid` is false. */
  reason?: 'proof_invalid' | 'output_mismatch';
  /** The proof's 64-byte output. */
  output: Uint8Array | null;
  /** blake2b-256("L" ‖ output), 32 bytes. */
  leaderValue: Uint8Array | null;
  /** blake2b-256("N" ‖ output), 32 bytes. */
  nonceVrfOutput: Uint8Array | null;
  /** blake2b-256(nonce VRF output), 32 bytes. */
  nonceContribution: Uint8Array | null;
  /** blake2b-256(vrf vkey), 32 bytes. */
  vrfVkeyHash: Uint8Array;
  /** Present when the stake was given and the proof is valid. */
  isLeader?: boolean;
}

/** Checks a Praos VRF certificate. Never throws for well-typed input; a bad proof gives valid: false. */
export function checkPraosVrf(claim: PraosVrfClaim): PraosVrfCheck {
  const alpha = praosInput(claim.slot, claim.epochNonce);
  const out = draft03.verify(claim.vrfVkey, claim.proof, alpha);
  const base = { vrfVkeyHash: vrfKeyHash(claim.vrfVkey), output: null, leaderValue: null, nonceVrfOutput: null, nonceContribution: null };
  if (out === null) return { valid: false, reason: 'proof_invalid', ...base };
  if (claim.output !== undefined && !bytesEqual(claim.output, out)) {
    return { valid: false, reason: 'output_mismatch', ...base, output: out };
  }
  const leaderValue = praosLeaderHash(out);
  const result: PraosVrfCheck = {
    valid: true,
    vrfVkeyHash: base.vrfVkeyHash,
    output: out,
    leaderValue,
    nonceVrfOutput: praosNonceOutput(out),
    nonceContribution: praosNonceContribution(out),
  };
  if (claim.sigma !== undefined && claim.activeSlotCoeff !== undefined) {
    result.isLeader = checkLeaderNatValue(bytesToBigInt(leaderValue), PRAOS_LEADER_MAX, claim.sigma, claim.activeSlotCoeff);
  }
  return result;
}

/** {@link checkPraosVrf} on the fields of a parsed header. */
export function checkPraosHeader(
  header: PraosHeaderFields,
  epochNonce: EpochNonce,
  stake?: { sigma: Rational; activeSlotCoeff: ActiveSlotCoeff },
): PraosVrfCheck {
  return checkPraosVrf({
    slot: header.slot,
    epochNonce,
    vrfVkey: header.vrfVkey,
    proof: header.vrfProof,
    output: header.vrfOutput,
    sigma: stake?.sigma,
    activeSlotCoeff: stake?.activeSlotCoeff,
  });
}
