/** Flags of `cardano-vrf leaderlog` (names are a stable contract for scripts). */
import { type Command, Option } from 'commander';

/** Parsed leaderlog flags (strings as given). */
export interface LeaderlogFlags {
  vrfSkey?: string;
  keyId?: string;
  config?: string;
  epochNonce?: string;
  poolStake?: string;
  activeStake?: string;
  activeSlotCoeff?: string;
  mode: 'praos' | 'tpraos';
  network?: string;
  epoch?: string;
  firstSlot?: string;
  epochLength?: string;
  workers?: string;
  json?: boolean;
  csv?: boolean;
  svg?: string;
  html?: string;
}

/** Declares the leaderlog flags on `cmd`. */
export function leaderlogOptions(cmd: Command): Command {
  return cmd
    .option('--vrf-skey <file>', 'cardano-cli VRF signing-key file (VrfSigningKey_PraosVRF)')
    .option('--key-id <id>', 'use a key held by the configured custody backend instead of --vrf-skey')
    .option('--config <file>', 'custody backend configuration, with --key-id (default: $CARDANO_VRF_CONFIG, else the software keystore)')
    .requiredOption('--epoch-nonce <hex>', "the epoch's 32-byte nonce in hex")
    .requiredOption('--pool-stake <n>', "the pool's active stake, lovelace (integer)")
    .requiredOption('--active-stake <n>', 'total active stake, lovelace (integer); σ = pool / active exactly')
    .option('--active-slot-coeff <f>', 'active-slot coefficient f as a decimal', '0.05')
    .addOption(new Option('--mode <mode>', 'praos (Babbage, Conway) or tpraos (Shelley to Alonzo)').choices(['praos', 'tpraos']).default('praos'))
    .addOption(new Option('--network <name>', 'built-in genesis parameters (with --epoch; gives slot times)').choices(['mainnet', 'preprod', 'preview']))
    .option('--epoch <n>', 'epoch number (with --network)')
    .option('--first-slot <n>', 'first slot of the epoch (with --epoch-length, for any network)')
    .option('--epoch-length <n>', 'slots in the epoch (with --first-slot)')
    .option('--workers <n>', 'worker threads (default: one per CPU)')
    .option('--json', 'print JSON: { leader_slots: [...], ...inputs }')
    .option('--csv', 'print CSV: slot,epoch_slot,time_utc')
    .option('--svg <file>', 'also write an SVG epoch timeline marking the leader slots')
    .option('--html <file>', 'also write an HTML page with the timeline and the slot table');
}
