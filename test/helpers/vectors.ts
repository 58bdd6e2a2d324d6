/**
 * Readers for ../shared/vectors (source: cardano-base cardano-crypto-praos/test_vectors
 * for official/, and cases generated with the IntersectMBO libsodium fork, commit dbb48cce,
 * for corpus.jsonl and batch.jsonl).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the shared vectors folder (../shared/vectors from the repository root). */
export const VECTORS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'vectors');

/** Bytes of a hex string. */
export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

/** One official vector file. */
export interface OfficialVector {
  file: string;
  vrf: string;
  ver: string;
  sk: Uint8Array;
  pk: Uint8Array;
  alpha: Uint8Array;
  pi: Uint8Array;
  beta: Uint8Array;
}

/** All 14 official vectors. */
export function officialVectors(): OfficialVector[] {
  const dir = join(VECTORS_DIR, 'official');
  return readdirSync(dir)
    .sort()
    .map((file) => {
      const fields: Record<string, string> = {};
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        const m = /^(\w+):\s*(.*)$/.exec(line.trim());
        if (m) fields[m[1]] = m[2];
      }
      return {
        file,
        vrf: fields.vrf,
        ver: fields.ver,
        sk: hex(fields.sk),
        pk: hex(fields.pk),
        alpha: fields.alpha === 'empty' ? new Uint8Array(0) : hex(fields.alpha),
        pi: hex(fields.pi),
        beta: hex(fields.beta),
      };
    });
}

/** One corpus case. */
export interface CorpusCase {
  suite: 'draft03' | 'draft13-batchcompat';
  kind: string;
  pk: string;
  alpha: string;
  pi: string;
  sk?: string;
  valid: boolean;
  beta: string | null;
  proof_to_hash: string | null;
}

/** Every line of corpus.jsonl. */
export function corpusCases(): CorpusCase[] {
  return readFileSync(join(VECTORS_DIR, 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusCase);
}
