/**
 * SHA-512 (FIPS 180-4) in the engine's WebAssembly module: one call hashes the
 * concatenation of its arguments. Inputs of any length (streamed through a 64 KiB area).
 */
import { wasm } from './wasm.js';

const CHUNK = 65536;
let inPtr = -1;
let ioPtr = -1;

/** SHA-512 of the concatenation of `parts` (64 bytes). */
export function sha512(...parts: Uint8Array[]): Uint8Array {
  const w = wasm();
  if (inPtr < 0) {
    inPtr = (w.inbuf as () => number)();
    ioPtr = w.io();
  }
  const mem = new Uint8Array(w.memory.buffer);
  (w.shaInit as () => void)();
  const update = w.shaUpdate as (ptr: number, len: number) => void;
  // Small inputs are gathered and absorbed in one call.
  let used = 0;
  let high = 0;
  for (const part of parts) {
    let off = 0;
    while (off < part.length) {
      const take = Math.min(CHUNK - used, part.length - off);
      mem.set(part.subarray(off, off + take), inPtr + used);
      used += take;
      off += take;
      if (used > high) high = used;
      if (used === CHUNK) {
        update(inPtr, used);
        used = 0;
      }
    }
  }
  if (used > 0) update(inPtr, used);
  (w.shaFinal as (out: number) => void)(ioPtr + 512);
  const out = mem.slice(ioPtr + 512, ioPtr + 576);
  mem.fill(0, inPtr, inPtr + high);
  mem.fill(0, ioPtr + 512, ioPtr + 576);
  return out;
}
