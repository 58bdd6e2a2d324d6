import { type Command, Option } from 'commander';
import { praosInput } from '../../cardano/inputs.js';
import { parseHexFlag, toHex } from '../common/hex.js';
import { UsageError, action, printJson, printLines } from '../common/output.js';
import { parseSuite } from '../common/suiteOption.js';
import { keyIdFlag, withBackend, withBackendOptions, type BackendFlags } from '../keys/backendOptions.js';

interface Flags extends BackendFlags {
  keyId?: string;
  alpha?: string;
  slot?: string;
  epochNonce?: string;
  suite?: string;
}

const U64_MAX = (1n << 64n) - 1n;

/** Parses a slot number (decimal, 0 ≤ slot < 2^64). */
export function parseSlot(value: string): bigint {
  if (!/^\d{1,20}$/.test(value)) throw new UsageError('--slot must be a non-negative decimal integer');
  const n = BigInt(value);
  if (n > U64_MAX) throw new UsageError('--slot must be below 2^64');
  return n;
}

/** The VRF input from the flags: --alpha HEX, or the Praos input of --slot N --epoch-nonce HEX. */
export function alphaFromFlags(flags: Flags): Uint8Array {
  const praos = flags.slot !== undefined || flags.epochNonce !== undefined;
  if (flags.alpha !== undefined && praos) throw new UsageError('give --alpha, or --slot with --epoch-nonce, not both');
  if (flags.alpha !== undefined) return parseHexFlag(flags.alpha, '--alpha');
  if (flags.slot === undefined || flags.epochNonce === undefined) {
    throw new UsageError('give --alpha HEX, or --slot N with --epoch-nonce HEX');
  }
  return praosInput(parseSlot(flags.slot), parseHexFlag(flags.epochNonce, '--epoch-nonce', 32));
}

/** `prove --key-id ID (--alpha HEX | --slot N --epoch-nonce HEX)`: proves with a custody key; JSON `{ proof, output }`. */
export function register(program: Command): void {
  withBackendOptions(
    program
      .command('prove')
      .description('Prove with a key held by the configured backend (audited)')
      .requiredOption('--key-id <id>', 'key id')
      .option('--alpha <hex>', 'the VRF input in hex (may be empty: --alpha "")')
      .option('--slot <n>', 'slot number: prove the Praos input blake2b-256(slot ‖ epoch nonce)')
      .option('--epoch-nonce <hex>', '32-byte epoch nonce (with --slot)')
      .addOption(new Option('--suite <suite>', "override the key's suite").choices(['draft03', 'draft13'])),
  ).action(
    action(async (flags: Flags) => {
      const keyId = keyIdFlag(flags.keyId);
      const alpha = alphaFromFlags(flags);
      const suite = flags.suite === undefined ? undefined : parseSuite(flags.suite);
      const r = await withBackend(flags, (b) => b.prove(keyId, alpha, suite));
      const out = { proof: toHex(r.proof), output: toHex(r.output) };
      if (flags.json) printJson(out);
      else printLines(`proof:   ${out.proof}`, `output:  ${out.output}`);
    }),
  );
}
