/**
 * Scalar arithmetic modulo L in the engine's WebAssembly module, constant time
 * (21-bit limbs, masked final correction): used for the prover's secret nonce and s.
 */
import { wasm } from './wasm.js';

let view: Uint8Array = new Uint8Array(0);

/** The module's I/O area as bytes (re-created when growing the memory detached the old one). */
function ioBytes(): Uint8Array {
  if (view.length === 0) {
    const w = wasm();
    view = new Uint8Array(w.memory.buffer, w.io(), 1024);
  }
  return view;
}

/** (64-byte little-endian input) mod L as 32 bytes. */
export function reduce64(bytes: Uint8Array): Uint8Array {
  const io = ioBytes();
  io.set(bytes, 0);
  (wasm().scReduce as () => void)();
  const out = io.slice(64, 96);
  io.fill(0, 0, 96);
  return out;
}

/** (a·b + c) mod L as 32 bytes, for 32-byte little-endian a, b, c. */
export function mulAdd(a: Uint8Array, b: Uint8Array, c: Uint8Array): Uint8Array {
  const io = ioBytes();
  io.set(a, 0);
  io.set(b, 32);
  io.set(c, 64);
  (wasm().scMulAddIo as () => void)();
  const out = io.slice(96, 128);
  io.fill(0, 0, 128);
  return out;
}
