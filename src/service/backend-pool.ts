/**
 * The service's custody backends by name, each with its health state. A background
 * loop probes every backend (`KeyBackend.health()`, bounded by a timeout) every
 * `health.interval_ms`; a backend that failed to open is retried by the same loop. A
 * prove that fails with an availability error marks the backend down at once, so later
 * proves fail over or fail fast; the next healthy probe brings it back without restart.
 */
import type { BackendHealth, KeyBackend } from '../custody/backend.js';
import type { BackendConfig } from '../custody/config.js';
import { CardanoVrfError } from '../vrf/errors.js';
import type { ServiceMetrics } from './metrics/metrics.js';
import { Semaphore } from './semaphore.js';
import { withTimeout } from './timeout.js';

/** Opens one configured backend (the custody layer's openBackend, injectable for tests). */
export type BackendOpener = (name: string, config: BackendConfig) => Promise<KeyBackend>;

/** Codes that blame the request's input, not the backend. */
const INPUT_CODES = new Set(['BAD_INPUT', 'BAD_SUITE', 'BAD_KEY_ID', 'VRF_BAD_LENGTH', 'VRF_BAD_SUITE']);

/**
 * True when an error from a backend call should take the backend out of service until
 * its next healthy probe: everything except input errors. A key the service loaded that
 * the backend no longer finds (KEY_NOT_FOUND) counts: the store was lost or replaced.
 */
export function isAvailabilityError(err: unknown): boolean {
  if (err instanceof CardanoVrfError) return !INPUT_CODES.has(err.code);
  return true;
}

/** The error code of any thrown value. */
export function errorCode(err: unknown): string {
  return err instanceof CardanoVrfError ? err.code : 'INTERNAL_ERROR';
}

/**
 * Seed-cache hits a backend reports, when it exposes its cache (`seedCache.stats()`, as
 * the cloud envelope backends do), looking through the audit wrapper's `inner`.
 */
export function seedCacheHits(backend: KeyBackend | null): number | null {
  type WithCache = { seedCache?: { stats?: () => { hits: number } }; inner?: unknown };
  let b = backend as WithCache | null;
  for (let depth = 0; b && depth < 3; depth++) {
    const stats = b.seedCache?.stats;
    if (typeof stats === 'function') return stats.call(b.seedCache).hits;
    b = (b.inner ?? null) as WithCache | null;
  }
  return null;
}

/** One backend and what the service knows about its health. */
export class BackendSlot {
  backend: KeyBackend | null = null;
  healthy = false;
  /** Last probe or failure: code and message (never secrets). */
  last: BackendHealth & { checkedAt: string };
  /** Ids of the keys the service serves from this backend; a probe checks they are all present. */
  expectedKeys: string[] = [];
  /** Bounds concurrent calls into the backend (limits.backend_concurrency). */
  readonly gate: Semaphore;
  /** Callbacks run when the backend turns healthy after being down. */
  onRecover: (() => void) | null = null;
  private probing: Promise<void> | null = null;
  private seedHitsSeen = 0;
  /** Consecutive unhealthy probes, and how many trigger the next reopen (doubling, capped). */
  private failedProbes = 0;
  private reopenAt: number;
  private opening: Promise<void> | null = null;

  constructor(
    readonly name: string,
    readonly config: BackendConfig,
    /** Canonical JSON of the configuration, to reuse the slot across reloads. */
    readonly fingerprint: string,
    private readonly opener: BackendOpener,
    private readonly metrics: ServiceMetrics,
    private readonly timeoutMs: number,
    concurrency = 4,
    queueTimeoutMs = 10_000,
    /** Unhealthy probes in a row before the backend is closed and opened afresh (0 = never). */
    private readonly reopenAfter = 4,
  ) {
    this.reopenAt = reopenAfter;
    this.gate = new Semaphore(concurrency, queueTimeoutMs);
    this.last = { backend: config.type, healthy: false, code: 'NOT_PROBED', message: 'not probed yet', checkedAt: new Date().toISOString() };
  }

  /** Opens the backend if not open; failures leave it down (retried by the probe loop). */
  open(): Promise<void> {
    if (this.backend) return Promise.resolve();
    if (!this.opening) {
      this.opening = (async () => {
        try {
          this.backend = await withTimeout(this.opener(this.name, this.config), this.timeoutMs * 5, `backend ${this.name} open`);
        } catch (err) {
          this.markDown(err);
        } finally {
          this.opening = null;
        }
      })();
    }
    return this.opening;
  }

  /** Probes health once (one probe in flight at a time); returns the fresh state. */
  probe(): Promise<void> {
    if (!this.probing) {
      this.probing = (async () => {
        const t0 = process.hrtime.bigint();
        try {
          if (!this.backend) await this.open();
          if (!this.backend) return;
          const backend = this.backend;
          let h = await withTimeout(backend.health(), this.timeoutMs, `backend ${this.name} health`);
          if (h.healthy && this.expectedKeys.length > 0) {
            // The backend answers, but does it still hold the keys we serve? (A keystore
            // directory replaced by an empty one, a token re-initialised, a vault purged.)
            const missing: string[] = [];
            await withTimeout(
              Promise.all(this.expectedKeys.map((id) => backend.getKey(id).catch(() => missing.push(id)))),
              this.timeoutMs,
              `backend ${this.name} key check`,
            );
            if (missing.length > 0) h = { ...h, healthy: false, code: 'KEY_MISSING', message: `backend no longer holds key(s) ${missing.join(', ')}` };
          }
          const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
          const was = this.healthy;
          this.healthy = h.healthy;
          this.last = { ...h, latencyMs: h.latencyMs ?? seconds * 1000, checkedAt: new Date().toISOString() };
          this.metrics.backendProbed(this.name, this.config.type, h.healthy, seconds);
          this.reportSeedCache();
          if (h.healthy) {
            this.failedProbes = 0;
            this.reopenAt = this.reopenAfter;
          } else await this.maybeReopen();
          if (h.healthy && !was && this.onRecover) this.onRecover();
        } catch (err) {
          this.markDown(err);
          this.metrics.backendProbed(this.name, this.config.type, false, Number(process.hrtime.bigint() - t0) / 1e9);
          await this.maybeReopen();
        } finally {
          this.probing = null;
        }
      })();
    }
    return this.probing;
  }

  /**
   * After `reopenAt` unhealthy probes in a row, closes the backend so the next probe opens
   * a fresh instance: a PKCS#11 module that lost its token (device reset, token directory
   * gone and back) only recovers after C_Finalize/C_Initialize. The threshold doubles on
   * each reopen (up to 64 probes) while the backend stays down.
   */
  private async maybeReopen(): Promise<void> {
    this.failedProbes++;
    if (this.reopenAfter <= 0 || this.failedProbes < this.reopenAt || !this.backend) return;
    this.failedProbes = 0;
    this.reopenAt = Math.min(this.reopenAt * 2, 64);
    const old = this.backend;
    this.backend = null;
    this.seedHitsSeen = 0;
    try {
      await old.close();
    } catch {
      // A broken backend may fail to close; the fresh instance does not depend on it.
    }
  }

  /** Adds the backend's new seed-cache hits to the metrics (called after probes and proves). */
  reportSeedCache(): void {
    const hits = seedCacheHits(this.backend);
    if (hits === null) return;
    if (hits > this.seedHitsSeen) this.metrics.seedCacheHit(this.name, hits - this.seedHitsSeen);
    this.seedHitsSeen = Math.max(this.seedHitsSeen, hits);
  }

  /** Marks the backend unavailable after a failed call or probe. */
  markDown(err: unknown): void {
    this.healthy = false;
    this.last = {
      backend: this.config.type,
      healthy: false,
      code: errorCode(err),
      message: err instanceof CardanoVrfError ? err.message : 'backend call failed',
      checkedAt: new Date().toISOString(),
    };
    this.metrics.backendProbed(this.name, this.config.type, false, 0);
  }

  /** Closes the backend (which zeroes its cached secrets). Never throws. */
  async close(): Promise<void> {
    const b = this.backend;
    this.backend = null;
    this.healthy = false;
    if (b) {
      try {
        await b.close();
      } catch {
        // Closing is best effort; nothing the caller can do.
      }
    }
  }
}

/** Stable JSON (sorted keys) of a backend configuration, to tell whether a reload changed it. */
export function fingerprintConfig(config: BackendConfig): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sort(x)]));
    return v;
  };
  return JSON.stringify(sort(config));
}

/** Runs `probe()` on every slot of `slots()` every `intervalMs` until stopped. */
export class HealthLoop {
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly slots: () => Iterable<BackendSlot>,
    private intervalMs: number,
    /** Runs after every round of probes (e.g. to publish which backend serves each key). */
    private readonly afterRound: () => void = () => undefined,
  ) {}
  start(): void {
    if (this.timer) return;
    const tick = async () => {
      await Promise.all([...this.slots()].map((s) => s.probe()));
      this.afterRound();
      if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }
  setInterval(ms: number): void {
    this.intervalMs = ms;
  }
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
