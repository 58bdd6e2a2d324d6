/**
 * Parsing of the Cardano flags leaderlog and praos verify-header share: stake amounts
 * (σ = pool / active, exact), the active-slot coefficient, the epoch nonce.
 */
import { mkActiveSlotCoeff, parseRational, stakeFraction, type ActiveSlotCoeff, type Rational } from '../../cardano/index.js';
import { parseHexFlag } from '../common/hex.js';
import { UsageError } from '../common/output.js';

/** Default active-slot coefficient (mainnet, preprod, preview). */
export const DEFAULT_ACTIVE_SLOT_COEFF = '0.05';

/** A non-negative decimal integer flag (lovelace amounts may exceed 2^53). */
export function parseNatFlag(value: string | undefined, flag: string): bigint {
  if (value === undefined) throw new UsageError(`missing ${flag}`);
  if (!/^\d{1,40}$/.test(value)) throw new UsageError(`${flag} must be a non-negative decimal integer`);
  return BigInt(value);
}

/** A non-negative safe-integer flag (slots, epochs, lengths). */
export function parseIntFlag(value: string | undefined, flag: string, min = 0): number {
  if (value === undefined) throw new UsageError(`missing ${flag}`);
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
    throw new UsageError(`${flag} must be an integer ≥ ${min}`);
  }
  return Number(value);
}

/** σ from --pool-stake and --active-stake (0 ≤ pool ≤ active, active > 0). */
export function parseStake(pool: string | undefined, active: string | undefined): { sigma: Rational; pool: bigint; active: bigint } {
  const p = parseNatFlag(pool, '--pool-stake');
  const a = parseNatFlag(active, '--active-stake');
  if (a === 0n || p > a) throw new UsageError('--pool-stake must be ≤ --active-stake, and --active-stake > 0');
  return { sigma: stakeFraction(p, a), pool: p, active: a };
}

/** The active-slot coefficient from a decimal or fraction flag, in (0, 1]. */
export function parseActiveSlotCoeff(value: string | undefined): { f: Rational; coeff: ActiveSlotCoeff; text: string } {
  const text = value ?? DEFAULT_ACTIVE_SLOT_COEFF;
  const f = parseRational(text);
  if (!f || f.num === 0n || f.num > f.den) throw new UsageError('--active-slot-coeff must be a decimal in (0, 1], e.g. 0.05');
  return { f, coeff: mkActiveSlotCoeff(f), text };
}

/** --epoch-nonce: 32 bytes of hex. */
export function parseNonceFlag(value: string | undefined): Uint8Array {
  return parseHexFlag(value, '--epoch-nonce', 32);
}
