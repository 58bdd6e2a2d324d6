/**
 * `cardano-vrf/service`: the HTTP signing service (createServer), its configuration,
 * token hashing, and the metrics interface it reports through.
 */
export { createServer, type ServerOptions, type VrfService } from './server.js';
export { loadServiceConfig, parseServiceConfig, DEFAULTS, ROLES, type ServiceConfig, type KeyConfig, type KeyPolicy, type TokenConfig, type TlsConfig, type RateLimit, type Role } from './config.js';
export { hashToken, newToken, authenticate, type AuthResult } from './auth.js';
export type { BackendOpener } from './backend-pool.js';
export { ServiceError, ServiceConfigError, ServiceErrorCode } from './errors.js';
export { noopMetrics, type ServiceMetrics, type OpLabels } from './metrics/metrics.js';
export { createPrometheusMetrics, LATENCY_BUCKETS, type PrometheusMetrics } from './metrics/prometheus.js';
export { NETWORK_CLOCKS, currentSlot, slotInWindow, type SlotClockParams } from './slot-clock.js';
export type { ReloadReport } from './routes/context.js';
