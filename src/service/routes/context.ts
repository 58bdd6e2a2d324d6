/**
 * What a route handler sees: the request, the configuration generation it runs
 * under, and the service-wide pieces (metrics, logger, audit, rate limiter, reload).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AuditSink } from '../../custody/context.js';
import type { Role, TokenConfig } from '../config.js';
import type { RateLimiter } from '../rate-limit.js';
import type { ServiceState } from '../state.js';
import type { PrometheusMetrics } from '../metrics/prometheus.js';

/** Result of a reload, as `POST /v1/reload` reports it. */
export interface ReloadReport {
  keys: number;
  backends: number;
  keys_unavailable: string[];
  /** Settings that changed but need a restart (listen address, TLS). */
  restart_required: string[];
}

/** Service-wide facilities handlers use. */
export interface Runtime {
  readonly metrics: PrometheusMetrics;
  readonly logger: Logger;
  readonly audit: AuditSink;
  readonly limiter: RateLimiter;
  readonly version: string;
  reload(): Promise<ReloadReport>;
}

/** One request being handled. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  state: ServiceState;
  rt: Runtime;
  /** The authenticated token, once {@link requireRole} passed. */
  token?: TokenConfig;
  /** For the access log: key id and error code. */
  keyId?: string;
  code?: string;
  /** Anonymous access allowed for this route by configuration. */
  anonymous?: boolean;
}

/** A route handler. */
export type Handler = (ctx: RequestContext, params: Record<string, string>) => Promise<void>;

/** A route: method, path pattern (`:name` segments), required role (null = anonymous). */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  role: Role | Role[] | null;
  handler: Handler;
}
