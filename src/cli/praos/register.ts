import type { Command } from 'commander';
import { registerVerifyHeader } from './verifyHeader.js';

/** The `praos` command group: checks on Praos (Babbage, Conway) block headers. */
export function register(program: Command): void {
  const praos = program.command('praos').description('Praos block-header checks');
  registerVerifyHeader(praos);
}
