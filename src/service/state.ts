/**
 * One generation of the service's configuration: the backends by name and the keys.
 * A reload builds a new generation (reusing backends whose configuration did not
 * change) and swaps it in atomically; requests hold the generation they started with,
 * and the old generation's unused backends are closed once its requests finish.
 */
import type { BackendConfig } from '../custody/config.js';
import { BackendSlot, fingerprintConfig, type BackendOpener } from './backend-pool.js';
import type { ServiceConfig } from './config.js';
import { loadKey, type KeyEntry } from './keyring.js';
import type { ServiceMetrics } from './metrics/metrics.js';

/** A configuration generation. */
export class ServiceState {
  /** Requests currently using this generation. */
  inflight = 0;
  private drained: (() => void) | null = null;

  private constructor(
    readonly config: ServiceConfig,
    readonly slots: Map<string, BackendSlot>,
    readonly keys: Map<string, KeyEntry>,
  ) {}

  /**
   * Builds a generation from `config`. Backends from `previous` with an identical
   * configuration are reused (already open, health known); others are opened and probed.
   * Every key's public data is read (a key that cannot be read keeps `previous`' cache).
   */
  static async build(config: ServiceConfig, opener: BackendOpener, metrics: ServiceMetrics, previous?: ServiceState): Promise<ServiceState> {
    const slots = new Map<string, BackendSlot>();
    for (const [name, bc] of Object.entries(config.backends) as [string, BackendConfig][]) {
      const fp = fingerprintConfig(bc);
      const old = previous?.slots.get(name);
      slots.set(name, old && old.fingerprint === fp ? old : new BackendSlot(name, bc, fp, opener, metrics, config.health.timeoutMs, config.limits.backendConcurrency, config.limits.queueTimeoutMs, config.health.reopenAfterFailures));
    }
    for (const [name, slot] of slots) {
      slot.expectedKeys = config.keys.filter((k) => k.backend === name || k.standby === name).map((k) => k.id);
    }
    await Promise.all([...slots.values()].map((s) => s.probe()));
    const keys = new Map<string, KeyEntry>();
    for (const kc of config.keys) {
      const entry: KeyEntry = { config: kc, primary: slots.get(kc.backend)!, standbyRefused: false };
      if (kc.standby) entry.standby = slots.get(kc.standby)!;
      const old = previous?.keys.get(kc.id);
      if (old?.meta) entry.meta = old.meta;
      keys.set(kc.id, entry);
    }
    await Promise.all([...keys.values()].map((k) => loadKey(k, config.limits.backendTimeoutMs)));
    const state = new ServiceState(config, slots, keys);
    // A backend that recovers reloads the keys it serves that are not loaded yet.
    for (const slot of slots.values()) {
      slot.onRecover = () => {
        for (const k of keys.values()) {
          if (!k.meta && (k.primary === slot || k.standby === slot)) void loadKey(k, config.limits.backendTimeoutMs);
        }
      };
    }
    return state;
  }

  /** Marks a request as using this generation; returns the function that ends it. */
  enter(): () => void {
    this.inflight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inflight--;
      if (this.inflight === 0 && this.drained) this.drained();
    };
  }

  /** Resolves when no request uses this generation any more, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.inflight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.drained = () => {
        clearTimeout(t);
        resolve(true);
      };
    });
  }
}
