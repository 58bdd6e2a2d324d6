import type { Command } from 'commander';
import { registerGenerate } from './generate.js';
import { registerInspect } from './inspect.js';

/** The `key` command group: cardano-cli VRF key files (inspect, generate). */
export function register(program: Command): void {
  const key = program.command('key').description('cardano-cli VRF key files: inspect, generate');
  registerInspect(key);
  registerGenerate(key);
}
