/**
 * The Cardano checks run inside Chromium with the bundled `cardano-vrf/cardano`: parse a real
 * header's CBOR, check its VRF certificate, the leader check for given stakes, and parse a
 * cardano-cli key-file pair. Inputs come from the test as strings; results go back as hex.
 */
import { bytesToHex, hexToBytes } from 'cardano-vrf';
import {
  checkPraosHeader,
  leaderValue,
  checkLeaderNatValue,
  mkActiveSlotCoeff,
  parsePraosHeader,
  parseRational,
  parseVrfKeyFile,
  praosInput,
  vrfKeyHash,
  type LeaderMode,
} from 'cardano-vrf/cardano';
import { show } from './show.js';

/** A header to check: its CBOR, the epoch nonce, and stakes to run the leader check with. */
export interface HeaderInput {
  cbor: string;
  epochNonce: string;
  stakes: { sigma: string; activeSlotCoeff: string }[];
}

/** What the page derived from the header. */
export interface HeaderResult {
  parsed: boolean;
  blockNumber: string;
  slot: string;
  headerHash: string;
  vrfVkey: string;
  vrfProof: string;
  vrfOutput: string;
  alpha: string;
  valid: boolean;
  output: string | null;
  leaderValue: string | null;
  nonceVrfOutput: string | null;
  nonceContribution: string | null;
  vrfVkeyHash: string;
  isLeader: (boolean | null)[];
  /** The same header with one proof byte flipped inside the CBOR. */
  tamperedValid: boolean | null;
  /** The header checked against another epoch nonce. */
  otherNonceValid: boolean;
  /** parsePraosHeader on truncated bytes. */
  truncatedParsed: boolean;
}

function checkHeader(input: HeaderInput): HeaderResult {
  const bytes = hexToBytes(input.cbor);
  const nonce = hexToBytes(input.epochNonce);
  const parsed = parsePraosHeader(bytes);
  if (!parsed.ok) throw new Error(`header refused: ${parsed.reason}`);
  const h = parsed.header;
  const check = checkPraosHeader(h, nonce);
  const isLeader = input.stakes.map((s) => {
    const sigma = parseRational(s.sigma);
    const f = parseRational(s.activeSlotCoeff);
    if (!sigma || !f) return null;
    return checkPraosHeader(h, nonce, { sigma, activeSlotCoeff: mkActiveSlotCoeff(f) }).isLeader ?? null;
  });
  // Flip one bit of the proof where it sits in the CBOR, then parse and check again.
  const at = indexOf(bytes, h.vrfProof);
  let tamperedValid: boolean | null = null;
  if (at >= 0) {
    const t = bytes.slice();
    t[at + 10] ^= 0x01;
    const p = parsePraosHeader(t);
    tamperedValid = p.ok ? checkPraosHeader(p.header, nonce).valid : false;
  }
  const otherNonce = nonce.slice();
  otherNonce[0] ^= 0xff;
  const result: HeaderResult = {
    parsed: true,
    blockNumber: h.blockNumber.toString(),
    slot: h.slot.toString(),
    headerHash: bytesToHex(h.headerHash),
    vrfVkey: bytesToHex(h.vrfVkey),
    vrfProof: bytesToHex(h.vrfProof),
    vrfOutput: bytesToHex(h.vrfOutput),
    alpha: bytesToHex(praosInput(h.slot, nonce)),
    valid: check.valid,
    output: check.output && bytesToHex(check.output),
    leaderValue: check.leaderValue && bytesToHex(check.leaderValue),
    nonceVrfOutput: check.nonceVrfOutput && bytesToHex(check.nonceVrfOutput),
    nonceContribution: check.nonceContribution && bytesToHex(check.nonceContribution),
    vrfVkeyHash: bytesToHex(check.vrfVkeyHash),
    isLeader,
    tamperedValid,
    otherNonceValid: checkPraosHeader(h, otherNonce).valid,
    truncatedParsed: parsePraosHeader(bytes.subarray(0, bytes.length - 7)).ok,
  };
  show([`mainnet block ${result.blockNumber}`, 'header VRF', check.valid ? `leader value ${result.leaderValue?.slice(0, 24)}…` : 'invalid', check.valid ? 'ok' : 'INVALID'], check.valid);
  return result;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** A leader check on a raw VRF output. */
export interface LeaderInput {
  output: string;
  sigma: string;
  activeSlotCoeff: string;
  mode: LeaderMode;
}

function checkLeader(input: LeaderInput): boolean | null {
  const sigma = parseRational(input.sigma);
  const f = parseRational(input.activeSlotCoeff);
  if (!sigma || !f) return null;
  const { value, max } = leaderValue(input.mode, hexToBytes(input.output));
  const won = checkLeaderNatValue(value, max, sigma, mkActiveSlotCoeff(f));
  show([`σ = ${input.sigma}`, `${input.mode} leader check`, won ? 'leader' : 'not leader', 'done']);
  return won;
}

/** What the page read from a key-file pair. */
export interface KeyFilesResult {
  signingPublicKey: string | null;
  signingSeed: string | null;
  verificationPublicKey: string | null;
  vrfVkeyHash: string | null;
  wrongKindCode: string | null;
  badJsonCode: string | null;
}

function checkKeyFiles(skeyJson: string, vkeyJson: string): KeyFilesResult {
  const sk = parseVrfKeyFile(skeyJson, 'signing');
  const vk = parseVrfKeyFile(vkeyJson, 'verification');
  const wrongKind = parseVrfKeyFile(vkeyJson, 'signing');
  const badJson = parseVrfKeyFile(skeyJson.slice(0, -3));
  const result: KeyFilesResult = {
    signingPublicKey: sk.ok ? bytesToHex(sk.key.publicKey) : null,
    signingSeed: sk.ok && sk.key.kind === 'signing' ? bytesToHex(sk.key.secretKey.subarray(0, 32)) : null,
    verificationPublicKey: vk.ok ? bytesToHex(vk.key.publicKey) : null,
    vrfVkeyHash: vk.ok ? bytesToHex(vrfKeyHash(vk.key.publicKey)) : null,
    wrongKindCode: wrongKind.ok ? null : wrongKind.error.code,
    badJsonCode: badJson.ok ? null : badJson.error.code,
  };
  if (sk.ok && sk.key.kind === 'signing') sk.key.secretKey.fill(0);
  const ok = result.signingPublicKey !== null && result.signingPublicKey === result.verificationPublicKey;
  show(['vrf.skey + vrf.vkey', 'key files', ok ? 'pair matches' : 'mismatch', ok ? 'ok' : 'MISMATCH'], ok);
  return result;
}

/** The Cardano part of the page's API. */
export const cardanoApi = { checkHeader, checkLeader, checkKeyFiles };
