/**
 * edwards25519 points on BigInt, extended coordinates (X:Y:Z:T), with libsodium's
 * decoding and encoding rules. Complete addition formulas, so every result is exact
 * in the full group (torsion components included). Not constant time: this is the
 * oracle engine.
 */
import { D, P, SQRT_M1, bytesToNumberLE, inv, isNegative, mod, numberToBytesLE, pow } from './field.js';

/** A point in extended coordinates: x = X/Z, y = Y/Z, xy = T/Z. */
export interface Point {
  X: bigint;
  Y: bigint;
  Z: bigint;
  T: bigint;
}

const D2 = mod(2n * D);

/** The neutral element (0, 1). */
export const IDENTITY: Point = { X: 0n, Y: 1n, Z: 1n, T: 0n };

/** The base point B of RFC 8032 (y = 4/5, x even). */
export const BASE: Point = (() => {
  const y = mod(4n * inv(5n));
  const p = decodePoint(numberToBytesLE(y, 32));
  if (!p) throw new Error('base point does not decode');
  return p;
})();

/** P + Q, complete (add-2008-hwcd-3 for a = −1). */
export function add(p: Point, q: Point): Point {
  const a = mod((p.Y - p.X) * (q.Y - q.X));
  const b = mod((p.Y + p.X) * (q.Y + q.X));
  const c = mod(p.T * D2 * q.T);
  const d = mod(2n * p.Z * q.Z);
  const e = b - a;
  const f = d - c;
  const g = d + c;
  const h = b + a;
  return { X: mod(e * f), Y: mod(g * h), Z: mod(f * g), T: mod(e * h) };
}

/** −P. */
export function negate(p: Point): Point {
  return { X: mod(-p.X), Y: p.Y, Z: p.Z, T: mod(-p.T) };
}

/** k·P for any integer k ≥ 0, by double-and-add from the top bit. */
export function multiply(p: Point, k: bigint): Point {
  let r = IDENTITY;
  const bits = k.toString(2);
  for (let i = 0; i < bits.length; i++) {
    r = add(r, r);
    if (bits[i] === '1') r = add(r, p);
  }
  return r;
}

/** 8·P (libsodium ge25519_clear_cofactor). */
export function mulByCofactor(p: Point): Point {
  const p2 = add(p, p);
  const p4 = add(p2, p2);
  return add(p4, p4);
}

/**
 * libsodium ge25519_frombytes: y = bytes mod p with the top bit as x's sign;
 * x = sqrt((y²−1)/(dy²+1)); fails when no root exists. Non-canonical y and x = 0
 * with the sign bit set are accepted here (callers check canonicity separately).
 */
export function decodePoint(bytes: Uint8Array): Point | null {
  const sign = bytes[31] >> 7;
  const yBytes = Uint8Array.from(bytes);
  yBytes[31] &= 0x7f;
  const y = mod(bytesToNumberLE(yBytes));
  const y2 = (y * y) % P;
  const u = mod(y2 - 1n);
  const v = mod(D * y2 + 1n);
  const v3 = (v * v * v) % P;
  const v7 = (v3 * v3 * v) % P;
  let x = (u * v3 % P) * pow((u * v7) % P, (P - 5n) / 8n) % P;
  const vxx = (v * x * x) % P;
  if (vxx !== u) {
    if (vxx !== mod(-u)) return null;
    x = (x * SQRT_M1) % P;
  }
  if ((isNegative(x) ? 1 : 0) !== sign) x = mod(-x);
  return { X: x, Y: y, Z: 1n, T: (x * y) % P };
}

/** Canonical 32-byte encoding: y little-endian, top bit = x's parity. */
export function encodePoint(p: Point): Uint8Array {
  const zi = inv(p.Z);
  const x = mod(p.X * zi);
  const y = mod(p.Y * zi);
  const out = numberToBytesLE(y, 32);
  if (x & 1n) out[31] |= 0x80;
  return out;
}

/** Affine coordinates of P. */
export function toAffine(p: Point): { x: bigint; y: bigint } {
  const zi = inv(p.Z);
  return { x: mod(p.X * zi), y: mod(p.Y * zi) };
}

/** The point with affine coordinates (x, y) (not checked to be on the curve). */
export function fromAffine(x: bigint, y: bigint): Point {
  return { X: mod(x), Y: mod(y), Z: 1n, T: mod(x * y) };
}

/** True when P and Q are the same group element. */
export function equals(p: Point, q: Point): boolean {
  return mod(p.X * q.Z - q.X * p.Z) === 0n && mod(p.Y * q.Z - q.Y * p.Z) === 0n;
}
