/**
 * Block-header fields for the VRF checks, read from raw CBOR.
 *
 * Babbage and Conway (Praos) header, from the eras' CDDL:
 *   header      = [header_body, body_signature : KES signature bytes]
 *   header_body = [block_number, slot, prev_hash / null, issuer_vkey, vrf_vkey,
 *                  vrf_result : [output (64 bytes), proof (80 bytes)],
 *                  block_body_size, block_body_hash,
 *                  operational_cert : [hot_vkey, sequence_number, kes_period, sigma],
 *                  protocol_version : [major, minor]]
 * A full block ([header, ...]) or an era-tagged block ([era, block]) is also accepted;
 * the header is taken from it.
 */
import type { CborItem } from './cbor.js';
import { decodeCbor } from './cbor.js';
import { blake2b256 } from './inputs.js';

/** The fields of a Praos header that the VRF checks use. */
export interface PraosHeaderFields {
  blockNumber: bigint;
  slot: bigint;
  /** 32-byte hash, or null for the first block. */
  prevHash: Uint8Array | null;
  /** 32-byte cold verification key of the issuing pool. */
  issuerVkey: Uint8Array;
  /** 32-byte VRF verification key. */
  vrfVkey: Uint8Array;
  /** 64-byte VRF output claimed by the header. */
  vrfOutput: Uint8Array;
  /** 80-byte draft-03 VRF proof. */
  vrfProof: Uint8Array;
  blockBodySize: bigint;
  protocolVersion: { major: bigint; minor: bigint };
  /** blake2b-256 of the header's CBOR bytes (the block hash). */
  headerHash: Uint8Array;
}

/** Result of {@link parsePraosHeader}: the fields, or the reason the bytes were refused. */
export type HeaderParseResult = { ok: true; header: PraosHeaderFields } | { ok: false; reason: string };

function bytesOf(item: CborItem | undefined, length?: number): Uint8Array | null {
  if (!item || item.kind !== 'bytes') return null;
  if (length !== undefined && item.value.length !== length) return null;
  return item.value;
}

function uintOf(item: CborItem | undefined): bigint | null {
  return item && item.kind === 'uint' ? item.value : null;
}

function isHeaderShape(item: CborItem): boolean {
  return (
    item.kind === 'array' &&
    item.items.length === 2 &&
    item.items[0].kind === 'array' &&
    (item.items[0].items.length === 10 || item.items[0].items.length === 15) &&
    item.items[1].kind === 'bytes'
  );
}

/** Finds the header inside a header, a block, or an era-tagged block. */
function locateHeader(root: CborItem): CborItem | null {
  if (isHeaderShape(root)) return root;
  if (root.kind !== 'array' || root.items.length === 0) return null;
  // [era, block] from the hard-fork combinator, or a tag-24 wrapped block.
  if (root.items.length === 2 && root.items[0].kind === 'uint') {
    const inner = root.items[1];
    if (inner.kind === 'array' && inner.items.length > 0 && isHeaderShape(inner.items[0])) return inner.items[0];
  }
  if (isHeaderShape(root.items[0])) return root.items[0];
  return null;
}

/**
 * Reads a Babbage/Conway block header (or a block containing one) from CBOR bytes.
 * Never throws: malformed input gives `{ ok: false, reason }`. A Shelley-to-Alonzo
 * (TPraos, 15-field) header is recognised and refused with its own reason.
 */
export function parsePraosHeader(bytes: Uint8Array): HeaderParseResult {
  const root = decodeCbor(bytes);
  if (!root) return { ok: false, reason: 'not well-formed CBOR' };
  const header = locateHeader(root);
  if (!header || header.kind !== 'array') return { ok: false, reason: 'not a block header ([header_body, body_signature])' };
  const body = header.items[0];
  if (body.kind !== 'array') return { ok: false, reason: 'header body is not an array' };
  if (body.items.length === 15) {
    return { ok: false, reason: 'a Shelley-to-Alonzo (TPraos) header; only Babbage and Conway headers are read' };
  }
  const f = body.items;
  const blockNumber = uintOf(f[0]);
  const slot = uintOf(f[1]);
  const prevIsNull = f[2].kind === 'simple' && f[2].value === 22;
  const prevHash = prevIsNull ? null : bytesOf(f[2], 32);
  const issuerVkey = bytesOf(f[3], 32);
  const vrfVkey = bytesOf(f[4], 32);
  const vrf = f[5];
  const blockBodySize = uintOf(f[6]);
  const pv = f[9];
  if (blockNumber === null || slot === null) return { ok: false, reason: 'block number or slot is not an unsigned integer' };
  if (prevHash === null && !prevIsNull) {
    return { ok: false, reason: 'previous hash is neither 32 bytes nor null' };
  }
  if (!issuerVkey || !vrfVkey) return { ok: false, reason: 'issuer or VRF verification key is not 32 bytes' };
  if (vrf.kind !== 'array' || vrf.items.length !== 2) return { ok: false, reason: 'vrf_result is not [output, proof]' };
  const vrfOutput = bytesOf(vrf.items[0], 64);
  const vrfProof = bytesOf(vrf.items[1], 80);
  if (!vrfOutput || !vrfProof) return { ok: false, reason: 'vrf_result output must be 64 bytes and proof 80 bytes' };
  if (blockBodySize === null) return { ok: false, reason: 'block body size is not an unsigned integer' };
  if (pv.kind !== 'array' || pv.items.length !== 2 || uintOf(pv.items[0]) === null || uintOf(pv.items[1]) === null) {
    return { ok: false, reason: 'protocol version is not [major, minor]' };
  }
  return {
    ok: true,
    header: {
      blockNumber,
      slot,
      prevHash,
      issuerVkey,
      vrfVkey,
      vrfOutput,
      vrfProof,
      blockBodySize,
      protocolVersion: { major: uintOf(pv.items[0])!, minor: uintOf(pv.items[1])! },
      headerHash: blake2b256(bytes.subarray(header.start, header.end)),
    },
  };
}
