/**
 * What the service measures, as an interface: the signing code reports events here
 * and never imports a metrics library. {@link ./prometheus.ts} binds it to
 * prom-client under the deployment guide's names; {@link noopMetrics} discards.
 */

/** Labels of a prove or verify: which key, which backend served it, which suite. */
export interface OpLabels {
  keyId: string;
  backend: string;
  suite: string;
}

/** Events the signing service reports. */
export interface ServiceMetrics {
  /** A successful prove and its duration (vrf_prove_duration_seconds, vrf_prove_total). */
  proveDone(labels: OpLabels, seconds: number): void;
  /** A failed prove (vrf_prove_errors_total{code}). */
  proveFailed(labels: OpLabels, code: string): void;
  /** A proof checked against the public key (vrf_verify_duration_seconds, vrf_verify_total). */
  verifyDone(labels: OpLabels, seconds: number): void;
  /** A proof that did not verify (vrf_verify_errors_total{code}). */
  verifyFailed(labels: OpLabels, code: string): void;
  /** A backend health probe's result and latency. */
  backendProbed(backend: string, type: string, healthy: boolean, seconds: number): void;
  /** Which backend serves a key now; role is primary or standby. */
  backendActive(keyId: string, backend: string, role: 'primary' | 'standby' | 'none'): void;
  /** A prove served by the standby backend `to` instead of the primary `from`. */
  failover(keyId: string, from: string, to: string): void;
  /** A request refused by policy (raw alpha, slot window, rate limit, key not allowed). */
  policyRefused(keyId: string, code: string): void;
  /** A failed authentication or authorisation (missing, malformed, unknown, forbidden). */
  authFailed(reason: string): void;
  /** `count` proves answered from a backend's unwrapped-seed cache. */
  seedCacheHit(backend: string, count?: number): void;
  /** A public-key lookup answered from the service's cache. */
  publicKeyCacheHit(keyId: string): void;
  /** A configuration reload and its result. */
  reloaded(ok: boolean): void;
  /** 1 when serving, 0 while starting or shutting down. */
  setReady(ready: boolean): void;
}

/** Metrics that go nowhere (library use, tests). */
export const noopMetrics: ServiceMetrics = {
  proveDone() {},
  proveFailed() {},
  verifyDone() {},
  verifyFailed() {},
  backendProbed() {},
  backendActive() {},
  failover() {},
  policyRefused() {},
  authFailed() {},
  seedCacheHit() {},
  publicKeyCacheHit() {},
  reloaded() {},
  setReady() {},
};
