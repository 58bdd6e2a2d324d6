import type { Command } from 'commander';
import { action } from '../common/output.js';
import { leaderlog } from './handler.js';
import { leaderlogOptions, type LeaderlogFlags } from './options.js';

/** `cardano-vrf leaderlog`: a pool's leader slots for one epoch (table, --json, --csv, --svg, --html). */
export function register(program: Command): void {
  leaderlogOptions(
    program
      .command('leaderlog')
      .description("Compute a pool's leader slots for one epoch with the ledger's exact leader check"),
  ).action(action((flags: LeaderlogFlags) => leaderlog(flags)));
}
