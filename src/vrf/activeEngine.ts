/**
 * Which {@link CurveEngine} the VRF functions use. The default is the fast WebAssembly
 * engine; the BigInt reference engine (src/vrf/ref) stays available as the oracle, and
 * tests switch engines to compare them.
 */
import type { CurveEngine } from './engine.js';
import { fastEngine } from './fast/engine.js';

let active: CurveEngine = fastEngine;

/** The engine in use. */
export function getEngine(): CurveEngine {
  return active;
}

/** Replaces the engine (tests and benchmarks); returns the previous one. */
export function setEngine(engine: CurveEngine): CurveEngine {
  const previous = active;
  active = engine;
  return previous;
}
