/**
 * An in-memory cache of unwrapped seeds, so a cloud backend can prove locally after
 * the first unwrap instead of paying 50–100 ms and a quota unit per proof. Off by
 * default (TTL 0): caching trades the "every use needs the cloud key" property for
 * latency, because a seed then lives in process memory between proofs.
 *
 * Seeds are zeroed when their TTL expires (by a timer, and checked again on every
 * read), when their key is deleted, and on close. The cache owns what it is given.
 */
import { type Clock, systemClock } from './clock.js';

interface Entry {
  seed: Uint8Array;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Seed-cache settings. */
export interface SeedCacheOptions {
  /** Time to live of a cached seed, milliseconds. 0 (the default) disables the cache. */
  ttlMs: number;
  /** Most seeds held at once; the oldest is zeroed and evicted beyond it. Default 1024. */
  maxEntries?: number;
  /** Time source; with a non-system clock no timers are armed (call {@link SeedCache.sweep}). */
  clock?: Clock;
}

/** The seed cache; see the module comment. */
export class SeedCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: Clock;
  private readonly timers: boolean;
  private hitCount = 0;
  private missCount = 0;

  /** Throws RangeError for a negative or non-finite TTL. */
  constructor(options: SeedCacheOptions) {
    if (!(options.ttlMs >= 0) || !Number.isFinite(options.ttlMs)) throw new RangeError('ttlMs must be a finite number >= 0');
    this.ttlMs = options.ttlMs;
    this.maxEntries = Math.max(1, options.maxEntries ?? 1024);
    this.clock = options.clock ?? systemClock;
    this.timers = this.clock === systemClock;
  }

  /** True when the TTL is above zero. */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** Seeds held right now. */
  get size(): number {
    return this.entries.size;
  }

  /** Hits and misses since creation (for metrics and tests). */
  stats(): { hits: number; misses: number; size: number } {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }

  /**
   * A fresh copy of `keyId`'s seed (the caller zeroes it), or null when absent or
   * expired (an expired seed is zeroed on the spot). Always null when disabled.
   */
  get(keyId: string): Uint8Array | null {
    const entry = this.entries.get(keyId);
    if (!entry) {
      if (this.enabled) this.missCount++;
      return null;
    }
    if (this.clock.now() >= entry.expiresAt) {
      this.drop(keyId);
      this.missCount++;
      return null;
    }
    this.hitCount++;
    // A copy, never a view: Buffer#slice would share memory with the cached seed.
    return new Uint8Array(entry.seed);
  }

  /**
   * Stores `seed` for `keyId`, taking ownership: the cache zeroes this very buffer
   * later, so the caller must not keep using it. When disabled, zeroes it at once.
   */
  put(keyId: string, seed: Uint8Array): void {
    if (!this.enabled) {
      seed.fill(0);
      return;
    }
    this.drop(keyId);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
    const entry: Entry = { seed, expiresAt: this.clock.now() + this.ttlMs, timer: undefined };
    if (this.timers) {
      entry.timer = setTimeout(() => {
        if (this.entries.get(keyId) === entry) this.drop(keyId);
      }, this.ttlMs);
      entry.timer.unref();
    }
    this.entries.set(keyId, entry);
  }

  /** Zeroes and forgets `keyId`'s seed (on key deletion). */
  delete(keyId: string): void {
    this.drop(keyId);
  }

  /** Zeroes and forgets every expired seed; returns how many. */
  sweep(): number {
    const now = this.clock.now();
    let n = 0;
    for (const [keyId, entry] of [...this.entries]) {
      if (now >= entry.expiresAt) {
        this.drop(keyId);
        n++;
      }
    }
    return n;
  }

  /** Zeroes and forgets every seed (on close). */
  clear(): void {
    for (const keyId of [...this.entries.keys()]) this.drop(keyId);
  }

  private drop(keyId: string): void {
    const entry = this.entries.get(keyId);
    if (!entry) return;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.seed.fill(0);
    this.entries.delete(keyId);
  }
}
