/**
 * {@link ServiceMetrics} bound to prom-client, on a private registry. Names follow the
 * deployment guide (vrf_prove_duration_seconds, vrf_prove_total, vrf_prove_errors_total,
 * and the verify counterparts), labelled key_id, backend, suite (and code on errors);
 * the service's own metrics carry the `vrf_` prefix too. See docs/service.md.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OpLabels, ServiceMetrics } from './metrics.js';

/** Latency buckets from 100 µs to 10 s. */
export const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The prom-client binding: the metrics object plus the registry to render. */
export interface PrometheusMetrics extends ServiceMetrics {
  readonly registry: Registry;
  /** Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Creates the registry and every metric; `version` goes into vrf_build_info. */
export function createPrometheusMetrics(version: string): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const opLabels = ['key_id', 'backend', 'suite'] as const;
  const proveDuration = new Histogram({ name: 'vrf_prove_duration_seconds', help: 'Time to produce a VRF proof, backend call included.', labelNames: opLabels, buckets: LATENCY_BUCKETS, registers: [registry] });
  const verifyDuration = new Histogram({ name: 'vrf_verify_duration_seconds', help: 'Time to verify a produced proof against the cached public key.', labelNames: opLabels, buckets: LATENCY_BUCKETS, registers: [registry] });
  const proveTotal = new Counter({ name: 'vrf_prove_total', help: 'Successful VRF proves.', labelNames: opLabels, registers: [registry] });
  const verifyTotal = new Counter({ name: 'vrf_verify_total', help: 'Successful proof verifications.', labelNames: opLabels, registers: [registry] });
  const proveErrors = new Counter({ name: 'vrf_prove_errors_total', help: 'Failed VRF proves, by error code.', labelNames: [...opLabels, 'code'], registers: [registry] });
  const verifyErrors = new Counter({ name: 'vrf_verify_errors_total', help: 'Produced proofs that failed verification, by error code.', labelNames: [...opLabels, 'code'], registers: [registry] });
  const backendUp = new Gauge({ name: 'vrf_backend_up', help: '1 when the backend last probed healthy, else 0.', labelNames: ['backend', 'type'], registers: [registry] });
  const backendLatency = new Histogram({ name: 'vrf_backend_health_duration_seconds', help: 'Backend health probe round-trip time.', labelNames: ['backend', 'type'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const backendActive = new Gauge({ name: 'vrf_backend_active', help: '1 for the backend currently serving a key (role primary or standby).', labelNames: ['key_id', 'backend', 'role'], registers: [registry] });
  const failovers = new Counter({ name: 'vrf_failover_total', help: 'Proves served by the standby backend because the primary could not serve them.', labelNames: ['key_id', 'from', 'to'], registers: [registry] });
  const refusals = new Counter({ name: 'vrf_policy_refusals_total', help: 'Requests refused by key policy.', labelNames: ['key_id', 'code'], registers: [registry] });
  const authFailures = new Counter({ name: 'vrf_auth_failures_total', help: 'Failed authentications and authorisations.', labelNames: ['reason'], registers: [registry] });
  const seedCache = new Counter({ name: 'vrf_seed_cache_hits_total', help: 'Proves served from a backend seed cache.', labelNames: ['backend'], registers: [registry] });
  const pkCache = new Counter({ name: 'vrf_public_key_cache_hits_total', help: 'Public-key reads answered from the service cache.', labelNames: ['key_id'], registers: [registry] });
  const reloads = new Counter({ name: 'vrf_reloads_total', help: 'Configuration reloads, by result.', labelNames: ['result'], registers: [registry] });
  const ready = new Gauge({ name: 'vrf_ready', help: '1 while the service accepts requests.', registers: [registry] });
  const buildInfo = new Gauge({ name: 'vrf_build_info', help: 'Build information; always 1.', labelNames: ['version', 'node_version'], registers: [registry] });
  buildInfo.set({ version, node_version: process.version }, 1);
  ready.set(0);

  const l = (x: OpLabels) => ({ key_id: x.keyId, backend: x.backend, suite: x.suite });
  // Which (backend, role) is active per key, so switching resets the previous series to 0.
  const activeNow = new Map<string, { backend: string; role: string }>();
  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    proveDone(x, s) {
      proveDuration.observe(l(x), s);
      proveTotal.inc(l(x));
    },
    proveFailed(x, code) {
      proveErrors.inc({ ...l(x), code });
    },
    verifyDone(x, s) {
      verifyDuration.observe(l(x), s);
      verifyTotal.inc(l(x));
    },
    verifyFailed(x, code) {
      verifyErrors.inc({ ...l(x), code });
    },
    backendProbed(backend, type, healthy, s) {
      backendUp.set({ backend, type }, healthy ? 1 : 0);
      backendLatency.observe({ backend, type }, s);
    },
    backendActive(keyId, backend, role) {
      const prev = activeNow.get(keyId);
      if (prev && (prev.backend !== backend || prev.role !== role)) backendActive.set({ key_id: keyId, backend: prev.backend, role: prev.role }, 0);
      backendActive.set({ key_id: keyId, backend, role }, 1);
      activeNow.set(keyId, { backend, role });
    },
    failover(keyId, from, to) {
      failovers.inc({ key_id: keyId, from, to });
    },
    policyRefused(keyId, code) {
      refusals.inc({ key_id: keyId, code });
    },
    authFailed(reason) {
      authFailures.inc({ reason });
    },
    seedCacheHit(backend, count = 1) {
      seedCache.inc({ backend }, count);
    },
    publicKeyCacheHit(keyId) {
      pkCache.inc({ key_id: keyId });
    },
    reloaded(ok) {
      reloads.inc({ result: ok ? 'ok' : 'error' });
    },
    setReady(r) {
      ready.set(r ? 1 : 0);
    },
  };
}
