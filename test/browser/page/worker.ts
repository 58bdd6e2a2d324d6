/**
 * A dedicated Web Worker with the bundled package (no DOM): answers each message, a list of
 * official-vector inputs, with the verify output of each (hex, or null).
 */
import { bytesToHex, hexToBytes, vrfFor } from 'cardano-vrf';
import type { VectorInput } from './entry.js';

/** What the worker needs of one vector. */
export type WorkerInput = Pick<VectorInput, 'name' | 'suite' | 'publicKey' | 'alpha' | 'proof'>;

/** What the worker answers for one vector. */
export interface WorkerResult {
  name: string;
  verifyOutput: string | null;
}

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<WorkerInput[]>) => void) | null; postMessage(m: WorkerResult[]): void };
scope.onmessage = (e) => {
  scope.postMessage(
    e.data.map((v) => {
      const out = vrfFor(v.suite).verify(hexToBytes(v.publicKey), hexToBytes(v.proof), hexToBytes(v.alpha));
      return { name: v.name, verifyOutput: out && bytesToHex(out) };
    }),
  );
};
