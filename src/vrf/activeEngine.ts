/**
 * Which {@link CurveEngine} the VRF functions use. The default is the reference
 * engine until a faster one is installed; tests switch engines to compare them.
 */
import type { CurveEngine } from './engine.js';
import { refEngine } from './ref/engine.js';

let active: CurveEngine = refEngine;

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
