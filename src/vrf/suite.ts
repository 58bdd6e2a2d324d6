/** The two ECVRF variants Cardano uses. */
export type Suite = 'draft03' | 'draft13';

/** All suites, in a stable order. */
export const SUITES: readonly Suite[] = ['draft03', 'draft13'];

/** True when `value` names a suite. */
export function isSuite(value: unknown): value is Suite {
  return value === 'draft03' || value === 'draft13';
}
