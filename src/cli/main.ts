#!/usr/bin/env node
/**
 * cardano-vrf command line. Each command group lives in its own folder and exports
 * `register(program)`; this file only wires them together and maps usage errors to exit 2.
 */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { ExitCode } from './common/output.js';
import { register as registerVrf } from './vrf/register.js';
import { register as registerDemo } from './demo/register.js';
import { register as registerServe } from './serve/register.js';
import { register as registerKeys } from './keys/register.js';
import { register as registerProve } from './prove/register.js';
import { register as registerAudit } from './audit/register.js';
import { register as registerLeaderlog } from './leaderlog/register.js';
import { register as registerPraos } from './praos/register.js';
import { register as registerKey } from './key/register.js';

// A closed pipe (`cardano-vrf ... | head`) ends the command quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const program = new Command();
program
  .name('cardano-vrf')
  .description("Cardano's ECVRF: prove, verify, leader schedules, key custody and a signing service")
  .version((createRequire(import.meta.url)('../../package.json') as { version: string }).version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

// Command groups (one line each).
registerVrf(program);
registerDemo(program);
registerServe(program);
registerKeys(program);
registerProve(program);
registerAudit(program);
registerLeaderlog(program);
registerPraos(program);
registerKey(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      process.exitCode = ExitCode.OK;
    } else {
      process.exitCode = ExitCode.USAGE;
    }
  } else {
    throw err;
  }
}
