/**
 * The demo's logic, free of the DOM: turns the form's strings into a Praos VRF check with
 * `cardano-vrf/cardano` and returns what to display, or a message saying which field is wrong.
 */
import { bytesToHex } from 'cardano-vrf';
import {
  checkPraosHeader,
  checkPraosVrf,
  mkActiveSlotCoeff,
  parseHex,
  parsePraosHeader,
  parseRational,
  praosInput,
  ratToDecimal,
  type PraosHeaderFields,
  type PraosVrfCheck,
  type Rational,
} from 'cardano-vrf/cardano';

/** The form's fields, as typed. */
export interface DemoForm {
  mode: 'header' | 'fields';
  headerCbor: string;
  slot: string;
  vrfVkey: string;
  vrfProof: string;
  vrfOutput: string;
  epochNonce: string;
  /** σ as "a/b" or a decimal, or "pool stake / active stake" in lovelace; empty: no leader check. */
  stake: string;
  activeSlotCoeff: string;
}

/** What the page shows. */
export type DemoResult =
  | {
      ok: true;
      valid: boolean;
      reason: string | null;
      blockNumber: string | null;
      slot: string;
      headerHash: string | null;
      vrfVkeyHash: string;
      alpha: string;
      output: string | null;
      leaderValue: string | null;
      nonceContribution: string | null;
      sigma: string | null;
      leader: boolean | null;
    }
  | { ok: false; error: string };

function hexField(value: string, name: string, length: number | null): Uint8Array | string {
  const cleaned = value.replace(/\s+/g, '').replace(/^0x/i, '');
  const bytes = parseHex(cleaned);
  if (bytes === null) return `${name}: not hexadecimal`;
  if (length !== null && bytes.length !== length) return `${name}: ${length} bytes expected, got ${bytes.length}`;
  return bytes;
}

function parseStake(text: string): Rational | null {
  return parseRational(text.replace(/[_,\s]/g, ''));
}

/** Runs the check the form describes. Never throws; bad input gives `{ ok: false, error }`. */
export function runDemoCheck(form: DemoForm): DemoResult {
  const nonceText = form.epochNonce.trim();
  let nonce: Uint8Array | null = null;
  if (nonceText !== '' && nonceText !== 'neutral') {
    const n = hexField(nonceText, 'epoch nonce', 32);
    if (typeof n === 'string') return { ok: false, error: n };
    nonce = n;
  }
  let stake: { sigma: Rational; activeSlotCoeff: ReturnType<typeof mkActiveSlotCoeff> } | undefined;
  if (form.stake.trim() !== '') {
    const sigma = parseStake(form.stake);
    if (!sigma || sigma.num > sigma.den) return { ok: false, error: 'stake: a fraction in [0, 1] such as 1/2000, 0.0005, or pool/active stake in lovelace' };
    const f = parseRational(form.activeSlotCoeff.trim() || '0.05');
    if (!f || f.num <= 0n || f.num > f.den) return { ok: false, error: 'active slot coefficient: a number in (0, 1], e.g. 0.05' };
    stake = { sigma, activeSlotCoeff: mkActiveSlotCoeff(f) };
  }

  let header: PraosHeaderFields | null = null;
  let check: PraosVrfCheck;
  let slot: bigint;
  if (form.mode === 'header') {
    const bytes = hexField(form.headerCbor, 'header CBOR', null);
    if (typeof bytes === 'string') return { ok: false, error: bytes };
    const parsed = parsePraosHeader(bytes);
    if (!parsed.ok) return { ok: false, error: `header CBOR: ${parsed.reason}` };
    header = parsed.header;
    slot = header.slot;
    check = checkPraosHeader(header, nonce, stake);
  } else {
    if (!/^\d{1,20}$/.test(form.slot.trim())) return { ok: false, error: 'slot: a non-negative integer' };
    slot = BigInt(form.slot.trim());
    if (slot >= 1n << 64n) return { ok: false, error: 'slot: must fit in 64 bits' };
    const vkey = hexField(form.vrfVkey, 'VRF verification key', 32);
    if (typeof vkey === 'string') return { ok: false, error: vkey };
    const proof = hexField(form.vrfProof, 'VRF proof', 80);
    if (typeof proof === 'string') return { ok: false, error: proof };
    let output: Uint8Array | undefined;
    if (form.vrfOutput.trim() !== '') {
      const o = hexField(form.vrfOutput, 'VRF output', 64);
      if (typeof o === 'string') return { ok: false, error: o };
      output = o;
    }
    check = checkPraosVrf({ slot, epochNonce: nonce, vrfVkey: vkey, proof, output, sigma: stake?.sigma, activeSlotCoeff: stake?.activeSlotCoeff });
  }
  const hex = (b: Uint8Array | null) => (b === null ? null : bytesToHex(b));
  return {
    ok: true,
    valid: check.valid,
    reason: check.reason ?? null,
    blockNumber: header ? header.blockNumber.toString() : null,
    slot: slot.toString(),
    headerHash: header ? bytesToHex(header.headerHash) : null,
    vrfVkeyHash: bytesToHex(check.vrfVkeyHash),
    alpha: bytesToHex(praosInput(slot, nonce)),
    output: hex(check.output),
    leaderValue: hex(check.leaderValue),
    nonceContribution: hex(check.nonceContribution),
    sigma: stake ? `${stake.sigma.num}/${stake.sigma.den} ≈ ${ratToDecimal(stake.sigma, 9)}` : null,
    leader: check.isLeader ?? null,
  };
}
