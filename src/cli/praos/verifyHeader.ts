/**
 * `cardano-vrf praos verify-header`: checks the VRF certificate of a Praos block header,
 * from its fields or from the raw header CBOR. Exit 0 valid, 1 invalid, 2 usage error.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { bytesToHex, checkPraosVrf, parseHex, parsePraosHeader, parseVrfKeyFile } from '../../cardano/index.js';
import { parseHexFlag } from '../common/hex.js';
import { CliFailure, UsageError, action, printJson, printLines } from '../common/output.js';
import { parseActiveSlotCoeff, parseNonceFlag, parseStake } from '../leaderlog/stakeFlags.js';

interface Flags {
  slot?: string;
  epochNonce?: string;
  vrfVkey?: string;
  proof?: string;
  output?: string;
  poolStake?: string;
  activeStake?: string;
  activeSlotCoeff?: string;
  headerCbor?: string;
  json?: boolean;
}

const MAX_HEADER_BYTES = 1 << 20;

/** Bytes of --header-cbor: a file (binary CBOR, or hex text) or hex on the command line. */
function headerBytes(value: string): Uint8Array {
  if (existsSync(value)) {
    const st = statSync(value);
    if (!st.isFile() || st.size > MAX_HEADER_BYTES) throw new CliFailure('CARDANO_BAD_HEADER', `${value} is not a header file`);
    const raw = new Uint8Array(readFileSync(value));
    const text = new TextDecoder().decode(raw).trim();
    return /^[0-9a-fA-F]+$/.test(text) ? parseHex(text) ?? raw : raw;
  }
  const b = parseHex(value);
  if (!b) throw new UsageError('--header-cbor must be a file or hex');
  return b;
}

/** --vrf-vkey: 32 bytes of hex, or a VrfVerificationKey_PraosVRF file. */
function vkeyFlag(value: string): Uint8Array {
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(value)) return parseHexFlag(value, '--vrf-vkey', 32);
  if (!existsSync(value)) throw new UsageError('--vrf-vkey must be 32 bytes of hex or a verification-key file');
  const r = parseVrfKeyFile(readFileSync(value, 'utf8'), 'verification');
  if (!r.ok) throw r.error;
  return r.key.publicKey;
}

/** Declares `praos verify-header` on the `praos` group. */
export function registerVerifyHeader(praos: Command): void {
  praos
    .command('verify-header')
    .description('Check the VRF of a Praos (Babbage/Conway) header. Exit 0 valid, 1 invalid, 2 usage error')
    .option('--header-cbor <file|hex>', 'raw block header CBOR (file or hex); gives slot, VRF key, proof and output')
    .option('--slot <n>', 'slot number (without --header-cbor)')
    .requiredOption('--epoch-nonce <hex>', "the epoch's 32-byte nonce in hex")
    .option('--vrf-vkey <hex|file>', 'VRF verification key: 32 bytes of hex or a key file (without --header-cbor)')
    .option('--proof <hex>', '80-byte VRF proof (without --header-cbor)')
    .option('--output <hex>', 'the 64-byte output the header claims; must equal the proof\'s')
    .option('--pool-stake <n>', "pool's active stake (with --active-stake: also run the leader check)")
    .option('--active-stake <n>', 'total active stake')
    .option('--active-slot-coeff <f>', 'active-slot coefficient (default 0.05)')
    .option('--json', 'print JSON')
    .action(
      action((flags: Flags) => {
        const nonce = parseNonceFlag(flags.epochNonce);
        let slot: bigint;
        let vrfVkey: Uint8Array;
        let proof: Uint8Array;
        let output: Uint8Array | undefined;
        let headerHash: string | undefined;
        if (flags.headerCbor !== undefined) {
          if (flags.slot !== undefined || flags.vrfVkey !== undefined || flags.proof !== undefined || flags.output !== undefined) {
            throw new UsageError('--header-cbor gives slot, key, proof and output: do not pass them as well');
          }
          const parsed = parsePraosHeader(headerBytes(flags.headerCbor));
          if (!parsed.ok) throw new CliFailure('CARDANO_BAD_HEADER', `not a Babbage/Conway header: ${parsed.reason}`);
          ({ slot, vrfVkey, vrfProof: proof, vrfOutput: output } = parsed.header);
          headerHash = bytesToHex(parsed.header.headerHash);
        } else {
          if (flags.slot === undefined || flags.vrfVkey === undefined || flags.proof === undefined) {
            throw new UsageError('give --header-cbor, or --slot, --vrf-vkey and --proof');
          }
          if (!/^\d{1,20}$/.test(flags.slot) || BigInt(flags.slot) >= 1n << 64n) throw new UsageError('--slot must be an integer below 2^64');
          slot = BigInt(flags.slot);
          vrfVkey = vkeyFlag(flags.vrfVkey);
          proof = parseHexFlag(flags.proof, '--proof', 80);
          output = flags.output === undefined ? undefined : parseHexFlag(flags.output, '--output', 64);
        }
        const withStake = flags.poolStake !== undefined || flags.activeStake !== undefined;
        const stake = withStake ? parseStake(flags.poolStake, flags.activeStake) : undefined;
        const asc = withStake ? parseActiveSlotCoeff(flags.activeSlotCoeff) : undefined;
        if (!withStake && flags.activeSlotCoeff !== undefined) throw new UsageError('--active-slot-coeff goes with --pool-stake and --active-stake');

        const r = checkPraosVrf({ slot, epochNonce: nonce, vrfVkey, proof, output, sigma: stake?.sigma, activeSlotCoeff: asc?.coeff });
        const hex = (b: Uint8Array | null) => (b === null ? null : bytesToHex(b));
        const result: Record<string, unknown> = {
          valid: r.valid,
          output: hex(r.output),
          leader_value: hex(r.leaderValue),
          nonce_vrf_output: hex(r.nonceVrfOutput),
          nonce_contribution: hex(r.nonceContribution),
          vrf_vkey_hash: hex(r.vrfVkeyHash),
        };
        if (r.isLeader !== undefined) result.is_leader = r.isLeader;
        if (r.reason !== undefined) result.reason = r.reason;
        result.slot = slot.toString();
        if (headerHash !== undefined) result.header_hash = headerHash;
        if (flags.json) printJson(result);
        else printLines(...Object.entries(result).map(([k, v]) => `${(k + ':').padEnd(20)}${v === null ? '-' : String(v)}`));
        if (!r.valid) process.exitCode = 1;
      }),
    );
}
