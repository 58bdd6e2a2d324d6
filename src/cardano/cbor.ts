/**
 * A small, strict CBOR (RFC 8949) reader for block headers and key files: definite and
 * indefinite lengths, integers as BigInt, byte and text strings, arrays, maps, tags,
 * simple values. It judges untrusted bytes, so it returns null instead of throwing
 * (truncation, reserved additional info, nesting deeper than 64, trailing bytes).
 * Floats are kept as raw bits; nothing here needs their value.
 */

/** A decoded CBOR data item. `start`/`end` are its byte offsets in the input. */
export type CborItem = (
  | { kind: 'uint'; value: bigint }
  | { kind: 'nint'; value: bigint }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'text'; value: string }
  | { kind: 'array'; items: CborItem[] }
  | { kind: 'map'; entries: [CborItem, CborItem][] }
  | { kind: 'tag'; tag: bigint; item: CborItem }
  | { kind: 'simple'; value: number }
  | { kind: 'float'; bits: bigint }
) & { start: number; end: number };

const MAX_DEPTH = 64;

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  /** Reads the argument for `info`; null when truncated or reserved (28–30). */
  arg(info: number): bigint | null {
    if (info < 24) return BigInt(info);
    const len = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (len === 0 || this.pos + len > this.buf.length) return null;
    let v = 0n;
    for (let i = 0; i < len; i++) v = (v << 8n) | BigInt(this.buf[this.pos + i]);
    this.pos += len;
    return v;
  }

  item(depth: number): CborItem | null {
    if (depth > MAX_DEPTH || this.pos >= this.buf.length) return null;
    const start = this.pos;
    const ib = this.buf[this.pos++];
    const major = ib >> 5;
    const info = ib & 0x1f;
    const done = <T extends object>(x: T): (T & { start: number; end: number }) => ({ ...x, start, end: this.pos });

    if (info === 31) {
      // Indefinite length: strings, arrays, maps; the break stop code alone is an error here.
      if (major === 2 || major === 3) {
        const chunks: Uint8Array[] = [];
        for (;;) {
          if (this.pos >= this.buf.length) return null;
          if (this.buf[this.pos] === 0xff) {
            this.pos++;
            break;
          }
          const c = this.item(depth + 1);
          if (!c || c.kind !== (major === 2 ? 'bytes' : 'text')) return null;
          chunks.push(c.kind === 'bytes' ? c.value : new TextEncoder().encode((c as { value: string }).value));
        }
        const total = chunks.reduce((n, c) => n + c.length, 0);
        const joined = new Uint8Array(total);
        let o = 0;
        for (const c of chunks) {
          joined.set(c, o);
          o += c.length;
        }
        if (major === 2) return done({ kind: 'bytes' as const, value: joined });
        const text = decodeUtf8(joined);
        return text === null ? null : done({ kind: 'text' as const, value: text });
      }
      if (major === 4 || major === 5) {
        const items: CborItem[] = [];
        for (;;) {
          if (this.pos >= this.buf.length) return null;
          if (this.buf[this.pos] === 0xff) {
            this.pos++;
            break;
          }
          const it = this.item(depth + 1);
          if (!it) return null;
          items.push(it);
        }
        if (major === 4) return done({ kind: 'array' as const, items });
        if (items.length % 2 !== 0) return null;
        const entries: [CborItem, CborItem][] = [];
        for (let i = 0; i < items.length; i += 2) entries.push([items[i], items[i + 1]]);
        return done({ kind: 'map' as const, entries });
      }
      return null;
    }

    const a = this.arg(info);
    if (a === null) return null;
    switch (major) {
      case 0:
        return done({ kind: 'uint' as const, value: a });
      case 1:
        return done({ kind: 'nint' as const, value: -1n - a });
      case 2:
      case 3: {
        if (a > BigInt(this.buf.length - this.pos)) return null;
        const bytes = this.buf.slice(this.pos, this.pos + Number(a));
        this.pos += Number(a);
        if (major === 2) return done({ kind: 'bytes' as const, value: bytes });
        const text = decodeUtf8(bytes);
        return text === null ? null : done({ kind: 'text' as const, value: text });
      }
      case 4:
      case 5: {
        const count = Number(a) * (major === 5 ? 2 : 1);
        // Every item takes at least one byte: a count beyond the remaining input is malformed.
        if (a > BigInt(this.buf.length - this.pos)) return null;
        const items: CborItem[] = [];
        for (let i = 0; i < count; i++) {
          const it = this.item(depth + 1);
          if (!it) return null;
          items.push(it);
        }
        if (major === 4) return done({ kind: 'array' as const, items });
        const entries: [CborItem, CborItem][] = [];
        for (let i = 0; i < items.length; i += 2) entries.push([items[i], items[i + 1]]);
        return done({ kind: 'map' as const, entries });
      }
      case 6: {
        const inner = this.item(depth + 1);
        return inner ? done({ kind: 'tag' as const, tag: a, item: inner }) : null;
      }
      default: {
        if (info >= 25 && info <= 27) return done({ kind: 'float' as const, bits: a });
        if (info === 24 && a < 32n) return null; // two-byte encoding of a one-byte simple value
        return done({ kind: 'simple' as const, value: Number(a) });
      }
    }
  }
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes exactly one CBOR item filling all of `bytes`; null when the bytes are not
 * well-formed CBOR or have trailing data.
 */
export function decodeCbor(bytes: Uint8Array): CborItem | null {
  const r = new Reader(bytes);
  const item = r.item(0);
  return item && r.pos === bytes.length ? item : null;
}

/** Decodes the first CBOR item of `bytes`, returning it and its length (trailing data allowed). */
export function decodeCborPrefix(bytes: Uint8Array): { item: CborItem; length: number } | null {
  const r = new Reader(bytes);
  const item = r.item(0);
  return item ? { item, length: r.pos } : null;
}
