import type { Command } from 'commander';
import { registerKeygen } from './keygen.js';
import { registerProve } from './prove.js';
import { registerVerify } from './verify.js';

/** The `vrf` command group: keygen, prove, verify on raw hex keys. */
export function register(program: Command): void {
  const vrf = program.command('vrf').description('Raw ECVRF operations on hex keys and proofs (draft03 / draft13)');
  registerKeygen(vrf);
  registerProve(vrf);
  registerVerify(vrf);
}
