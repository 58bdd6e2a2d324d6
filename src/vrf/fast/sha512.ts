/**
 * SHA-512 (FIPS 180-4) in the engine's WebAssembly module: one call hashes the
 * concatenation of its arguments. Inputs of any length (streamed through a 64 KiB area).
 */
import { type WasmExports, wasm } from './wasm.js';

const CHUNK = 65536;
let w: WasmExports | null = null;
let inPtr = 0;
let outPtr = 0;
let mem: Uint8Array = new Uint8Array(0);
let update: (ptr: number, len: number) => void;
let init: () => void;
let final: (out: number) => void;

/** The module's memory as bytes (re-created when it grows). */
function memory(): Uint8Array {
  if (w === null) {
    w = wasm();
    inPtr = (w.inbuf as () => number)();
    outPtr = w.io() + 512;
    update = w.shaUpdate as (ptr: number, len: number) => void;
    init = w.shaInit as () => void;
    final = w.shaFinal as (out: number) => void;
  }
  // growing the memory detaches the old buffer and empties this view
  if (mem.length === 0) mem = new Uint8Array(w.memory.buffer);
  return mem;
}

/** SHA-512 of the concatenation of `parts` (64 bytes). */
export function sha512(...parts: Uint8Array[]): Uint8Array {
  const m = memory();
  init();
  let used = 0;
  let high = 0;
  for (const part of parts) {
    let off = 0;
    while (off < part.length) {
      const take = Math.min(CHUNK - used, part.length - off);
      m.set(take === part.length ? part : part.subarray(off, off + take), inPtr + used);
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
  final(outPtr);
  const out = m.slice(outPtr, outPtr + 64);
  m.fill(0, inPtr, inPtr + high);
  m.fill(0, outPtr, outPtr + 64);
  return out;
}
