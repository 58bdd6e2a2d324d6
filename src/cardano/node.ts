/**
 * cardano-vrf/cardano/node: the Node-only parts of the Cardano layer (they load
 * node:worker_threads, node:os, node:fs), plus everything of cardano-vrf/cardano.
 */
export * from './index.js';
export { leaderSlotsParallel, type ParallelOptions } from './scheduleParallel.js';
export { readVrfKeyFile, writeTextEnvelope } from './keyFileIo.js';
