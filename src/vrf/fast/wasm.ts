/**
 * Loads the curve engine's WebAssembly module (compiled from assembly/*.ts at build time)
 * synchronously at first use. No Node built-ins: works in Node and browsers.
 */
import { WASM_BASE64 } from './wasm-bytes.generated.js';

/** The module's exports (see assembly/index.ts and assembly/batch.ts for the I/O layout). */
export interface WasmExports {
  memory: WebAssembly.Memory;
  io(): number;
  wipe(): void;
  init(): void;
  decodes(): number;
  scalarMultBase(): void;
  fromUniform(): void;
  fromHash(): void;
  proveMults(): number;
  gammaTimesCofactor(): number;
  verifyMults(): number;
  cofactorMul(): number;
  [name: string]: unknown;
}

let instance: WasmExports | null = null;

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The instantiated module (created on first call). */
export function wasm(): WasmExports {
  if (instance === null) {
    const module = new WebAssembly.Module(decodeBase64(WASM_BASE64));
    const imports = {
      env: {
        abort(): never {
          throw new Error('curve engine aborted');
        },
      },
    };
    instance = new WebAssembly.Instance(module, imports).exports as unknown as WasmExports;
  }
  return instance;
}
