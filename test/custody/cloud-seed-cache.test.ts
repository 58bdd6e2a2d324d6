import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { SeedCache } from '../../src/custody/cloud/seedCache.js';
import { ManualClock } from './cloud-manual-clock.js';

const seed = (b: number) => new Uint8Array(32).fill(b);
const isZero = (a: Uint8Array) => a.every((x) => x === 0);

describe('SeedCache', () => {
  it('is off by default (TTL 0): put zeroes the seed at once and get misses', () => {
    const cache = new SeedCache({ ttlMs: 0 });
    const s = seed(7);
    cache.put('k', s);
    assert.ok(isZero(s));
    assert.equal(cache.get('k'), null);
    assert.equal(cache.size, 0);
  });

  it('hits with a copy until the TTL, then zeroes the held seed', () => {
    const clock = new ManualClock();
    const cache = new SeedCache({ ttlMs: 1000, clock });
    const s = seed(9);
    cache.put('k', s);
    const copy = cache.get('k');
    assert.ok(copy);
    assert.deepEqual(copy, seed(9));
    assert.notEqual(copy.buffer, s.buffer, 'get returns a copy the caller may zero');
    copy.fill(0);
    assert.deepEqual(cache.get('k'), seed(9), 'zeroing the copy leaves the cached seed');
    clock.advance(999);
    assert.ok(cache.get('k'));
    clock.advance(1);
    assert.equal(cache.get('k'), null);
    assert.ok(isZero(s), 'expired seed is zeroed');
    assert.deepEqual(cache.stats(), { hits: 3, misses: 1, size: 0 });
  });

  it('sweep zeroes expired seeds without a read', () => {
    const clock = new ManualClock();
    const cache = new SeedCache({ ttlMs: 100, clock });
    const a = seed(1);
    const b = seed(2);
    cache.put('a', a);
    clock.advance(50);
    cache.put('b', b);
    clock.advance(60);
    assert.equal(cache.sweep(), 1);
    assert.ok(isZero(a));
    assert.ok(!isZero(b));
  });

  it('zeroes on delete, on replace, on eviction and on clear', () => {
    const cache = new SeedCache({ ttlMs: 60_000, maxEntries: 2 });
    const a = seed(1);
    const a2 = seed(11);
    const b = seed(2);
    const c = seed(3);
    cache.put('a', a);
    cache.put('a', a2);
    assert.ok(isZero(a), 'replaced seed zeroed');
    cache.put('b', b);
    cache.put('c', c);
    assert.ok(isZero(a2), 'evicted oldest seed zeroed');
    cache.delete('b');
    assert.ok(isZero(b));
    assert.equal(cache.get('b'), null);
    cache.clear();
    assert.ok(isZero(c));
    assert.equal(cache.size, 0);
    cache.clear();
  });

  it('with the system clock a timer zeroes the seed at expiry', async () => {
    const cache = new SeedCache({ ttlMs: 30 });
    const s = seed(5);
    cache.put('k', s);
    assert.ok(!isZero(s));
    for (let i = 0; i < 500 && !isZero(s); i++) await delay(10);
    assert.ok(isZero(s));
    assert.equal(cache.size, 0);
  });

  it('hands out copies even when it holds a Buffer (Buffer#slice would be a view)', () => {
    const cache = new SeedCache({ ttlMs: 60_000 });
    cache.put('k', Buffer.alloc(32, 4));
    const copy = cache.get('k')!;
    copy.fill(0);
    assert.deepEqual(cache.get('k'), seed(4));
    cache.clear();
  });

  it('rejects a negative TTL', () => {
    assert.throws(() => new SeedCache({ ttlMs: -1 }), RangeError);
  });
});
