import { Option } from 'commander';
import { type Suite, isSuite } from '../../vrf/suite.js';
import { UsageError } from './output.js';

/** The `--suite draft03|draft13` option (default draft03). */
export function suiteOption(): Option {
  return new Option('--suite <suite>', 'VRF suite: draft03 (PraosVRF, 80-byte proofs) or draft13 (PraosBatchCompatVRF, 128-byte proofs)')
    .choices(['draft03', 'draft13'])
    .default('draft03');
}

/** Checks a suite flag value. */
export function parseSuite(value: unknown): Suite {
  if (!isSuite(value)) throw new UsageError(`--suite must be draft03 or draft13`);
  return value;
}
