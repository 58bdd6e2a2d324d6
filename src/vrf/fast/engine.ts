/**
 * The fast {@link CurveEngine}: edwards25519 in WebAssembly (radix 2^25.5 field arithmetic,
 * constant-time fixed windows and masked table scans for the prover's scalars, sliding-window
 * Straus for the verifier). Byte-identical to the reference engine; tested against it.
 */
import type { CurveEngine } from '../engine.js';
import { wasm } from './wasm.js';

let ioPtr = -1;
let view: Uint8Array = new Uint8Array(0);

/**
 * The I/O area of the module as bytes. Growing the memory detaches the old buffer, which
 * leaves this view empty; it is then re-created.
 */
function io(): Uint8Array {
  if (view.length === 0) {
    const w = wasm();
    if (ioPtr < 0) ioPtr = w.io();
    view = new Uint8Array(w.memory.buffer, ioPtr, 1024);
  }
  return view;
}

function out(at: number, len = 32): Uint8Array {
  return io().slice(at, at + len);
}

/** The prover's fixed-window recoding needs scalars below 2^255 (clamped x, k < L always are). */
function below2p255(s: Uint8Array, name: string): void {
  if (s.length !== 32 || s[31]! >= 0x80) throw new RangeError(`${name} must be a 32-byte scalar below 2^255`);
}

/** The WebAssembly engine. */
export const fastEngine: CurveEngine = {
  name: 'wasm',
  decodes(p) {
    io().set(p.subarray(0, 32), 0);
    return wasm().decodes() === 1;
  },
  scalarMultBase(k) {
    io().set(k.subarray(0, 32), 0);
    wasm().scalarMultBase();
    const r = out(32);
    wasm().wipe();
    return r;
  },
  fromUniform(r) {
    io().set(r.subarray(0, 32), 0);
    wasm().fromUniform();
    return out(32);
  },
  fromHash(u48) {
    io().set(u48.subarray(0, 48), 0);
    wasm().fromHash();
    return out(64);
  },
  proveMults(h, x, k) {
    below2p255(x, 'x');
    below2p255(k, 'k');
    const b = io();
    b.set(h.subarray(0, 32), 0);
    b.set(x.subarray(0, 32), 32);
    b.set(k.subarray(0, 32), 64);
    const ok = wasm().proveMults();
    const r: [Uint8Array, Uint8Array, Uint8Array] = [out(96), out(128), out(160)];
    wasm().wipe();
    if (ok !== 1) throw new Error('H does not decode');
    return r;
  },
  gammaTimesCofactor(h, x) {
    below2p255(x, 'x');
    const b = io();
    b.set(h.subarray(0, 32), 0);
    b.set(x.subarray(0, 32), 32);
    const ok = wasm().gammaTimesCofactor();
    const r = out(64);
    wasm().wipe();
    if (ok !== 1) throw new Error('H does not decode');
    return r;
  },
  verifyMults(y, gamma, h, s, t) {
    const b = io();
    b.set(y.subarray(0, 32), 0);
    b.set(gamma.subarray(0, 32), 32);
    b.set(h.subarray(0, 32), 64);
    b.set(s.subarray(0, 32), 96);
    b.set(t.subarray(0, 32), 128);
    if (wasm().verifyMults() !== 1) return null;
    return [out(160), out(192)];
  },
  hashToCurveCheckingKey(kind, input, key) {
    const b = io();
    b.set(key.subarray(0, 32), 128);
    if (kind === 'uniform') {
      b.set(input.subarray(0, 32), 0);
      return (wasm().fromUniformKey as () => number)() === 1 ? out(32) : null;
    }
    b.set(input.subarray(0, 48), 0);
    return (wasm().fromHashKey as () => number)() === 1 ? out(64) : null;
  },
  cofactorMul(p) {
    io().set(p.subarray(0, 32), 0);
    if (wasm().cofactorMul() !== 1) return null;
    return out(32);
  },
};
