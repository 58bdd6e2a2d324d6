/**
 * cardano-vrf/cardano: the Cardano layer over the VRF core.
 *
 * - Praos and TPraos VRF inputs and range extension (inputs.ts);
 * - the ledger's exact leader check in FixedPoint arithmetic (leaderCheck.ts, nonIntegral.ts);
 * - leader schedules, single-threaded (schedule.ts) or on worker threads
 *   (scheduleParallel.ts, Node only);
 * - Praos block headers: a small CBOR reader and the header VRF check;
 * - cardano-cli TextEnvelope VRF key files and CIP-5 bech32;
 * - built-in genesis parameters of mainnet, preprod and preview.
 *
 * Everything here is runtime-agnostic (browsers included). The Node-only parts, the
 * worker-thread schedule and key-file I/O, are in `cardano-vrf/cardano/node` (node.ts).
 */
export * from './errors.js';
export { parseHex, u64be, bytesToBigInt, bytesToHex } from './bytes.js';
export * from './rational.js';
export * from './inputs.js';
export * from './fixedPoint.js';
export { expFixed, lnFixed, ipow, taylorExpCmp, type CompareResult } from './nonIntegral.js';
export * from './leaderCheck.js';
export * from './networks.js';
export * from './cbor.js';
export * from './header.js';
export * from './headerCheck.js';
export * from './bech32.js';
export * from './keyFile.js';
export * from './schedule.js';
