/**
 * A counting semaphore with a bounded wait: at most `limit` backend calls run at once
 * per backend, so a burst of requests queues in the service instead of piling onto the
 * backend (and its timeout only measures the backend's own time). A caller that waits
 * longer than `waitMs` gets 503 BACKEND_BUSY; the backend is not marked down for it.
 */
import { ServiceError, ServiceErrorCode } from './errors.js';

/** The semaphore; see the module comment. */
export class Semaphore {
  private active = 0;
  private readonly waiters: { grant: () => void; timer: NodeJS.Timeout }[] = [];
  constructor(
    private limit: number,
    private waitMs: number,
  ) {}

  /** Calls currently running. */
  get running(): number {
    return this.active;
  }
  /** Calls waiting for a turn. */
  get queued(): number {
    return this.waiters.length;
  }

  /** Waits for a turn; resolves with the release function. */
  acquire(what: string): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve(this.releaser());
        },
        timer: setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new ServiceError(503, ServiceErrorCode.BACKEND_BUSY, `${what} is busy: waited ${this.waitMs} ms for a turn`, { 'retry-after': '1' }));
        }, this.waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
