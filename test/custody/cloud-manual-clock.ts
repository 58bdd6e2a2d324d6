/** A manual clock for the cloud plumbing tests: sleeps advance time instantly and are recorded. */
import type { Clock } from '../../src/custody/cloud/clock.js';

/** Clock whose time moves only through sleep() and advance(). */
export class ManualClock implements Clock {
  t = 1_000_000;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
