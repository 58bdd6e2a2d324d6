/**
 * Reader for ../shared/vectors/cardano/cardano.json (source, as the file states: real
 * mainnet header fields decoded from public test data; leader schedules and key files
 * computed with the libsodium VRF fork and exact decimal arithmetic) and its headers/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VECTORS_DIR } from '../helpers/vectors.js';

/** Folder of the Cardano vectors. */
export const CARDANO_DIR = join(VECTORS_DIR, 'cardano');

/** The real Praos header record. */
export interface HeaderVector {
  network: string;
  block_number: number;
  slot: number;
  epoch_nonce: string;
  vrf_vkey: string;
  vrf_proof: string;
  vrf_output: string;
  vrf_vkey_hash: string;
  header_hash: string;
  alpha: string;
  leader_value: string;
  nonce_vrf_output: string;
  nonce_contribution: string;
  header_cbor_file: string;
}

/** A leader-check case. */
export interface LeaderCheckVector {
  vrf_output: string;
  sigma: string;
  active_slot_coeff: string;
  mode: 'praos' | 'tpraos';
  is_leader: boolean;
}

/** A small leader schedule. */
export interface ScheduleVector {
  vrf_seed: string;
  vrf_vkey: string;
  epoch_nonce: string;
  first_slot: number;
  epoch_length: number;
  sigma: string;
  active_slot_coeff: string;
  mode: 'praos' | 'tpraos';
  leader_slots: number[];
}

/** A cardano-cli key-file pair. */
export interface KeyFileVector {
  seed: string;
  skey: { type: string; description: string; cborHex: string };
  vkey: { type: string; description: string; cborHex: string };
  vrf_vkey_hash: string;
}

/** The whole file. */
export interface CardanoVectors {
  praos_headers: HeaderVector[];
  leader_checks: LeaderCheckVector[];
  leader_schedules: ScheduleVector[];
  key_files: KeyFileVector[];
}

/** Parsed cardano.json. */
export function cardanoVectors(): CardanoVectors {
  return JSON.parse(readFileSync(join(CARDANO_DIR, 'cardano.json'), 'utf8')) as CardanoVectors;
}

/** Bytes of a header's raw CBOR file. */
export function headerCbor(h: HeaderVector): Uint8Array {
  return new Uint8Array(readFileSync(join(CARDANO_DIR, h.header_cbor_file)));
}
