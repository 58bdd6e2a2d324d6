/**
 * The signing service: `createServer(config)` builds an HTTP (or HTTPS, optionally
 * mTLS) server on node:http with the routes of routes/table.ts, bearer-token auth,
 * per-key policy, Prometheus metrics, backend health probing with failover, reload
 * without dropping requests, and a graceful shutdown that lets in-flight requests
 * finish, closes the backends (zeroing their secrets) and the audit log.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { AuditLog } from '../custody/audit/log.js';
import type { AuditSink } from '../custody/context.js';
import { openBackend } from '../custody/openBackend.js';
import { HealthLoop, type BackendOpener } from './backend-pool.js';
import { servingBackend } from './keyring.js';
import { loadServiceConfig, type Role, type ServiceConfig } from './config.js';
import { ServiceError, ServiceErrorCode as C } from './errors.js';
import { sendError } from './http/respond.js';
import { createLogger } from './logger.js';
import { createPrometheusMetrics, type PrometheusMetrics } from './metrics/prometheus.js';
import { RateLimiter } from './rate-limit.js';
import type { ReloadReport, RequestContext, Runtime } from './routes/context.js';
import { requireRole } from './routes/guard.js';
import { matchPath, ROUTES } from './routes/table.js';
import { ServiceState } from './state.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** Logger (default: pino at the configured level on stdout). */
  logger?: Logger;
  /** How backends are opened (default: the custody layer's openBackend with the service's audit log). */
  opener?: BackendOpener;
  /** Audit sink for refusals and backend records (default: an AuditLog at `audit_log`). */
  audit?: AuditSink;
  /** Version reported in vrf_build_info. */
  version?: string;
  /** Actor of backend audit records when no token is involved. Default `cardano-vrf-service`. */
  actor?: string;
  /** Listen address from the command line; applied over every configuration, reloads included. */
  listenOverride?: { host?: string; port?: number };
}

/** A running (or ready to run) signing service. */
export interface VrfService {
  /** Starts listening; resolves with the bound address. */
  listen(host?: string, port?: number): Promise<AddressInfo>;
  /** Re-reads the configuration file (or uses `config`) and the keys; swaps atomically. */
  reload(config?: ServiceConfig): Promise<ReloadReport>;
  /** Graceful stop: no new requests, in-flight ones finish (up to the grace period), backends closed. */
  close(): Promise<void>;
  readonly metrics: PrometheusMetrics;
  readonly logger: Logger;
  /** The configuration generation in use. */
  readonly config: ServiceConfig;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Default audit log path: the service's `audit_log`, else the first backend's. */
function auditPath(config: ServiceConfig): string {
  return config.auditLog ?? Object.values(config.backends)[0].audit_log;
}

/**
 * Builds the service: opens the audit log and every backend, probes them, reads the keys'
 * public data. Backends that fail to open are reported unhealthy and retried by the probe
 * loop (the service still starts). Throws CONFIG_INVALID / AUDIT_UNAVAILABLE.
 */
export async function createServer(config: ServiceConfig, options: ServerOptions = {}): Promise<VrfService> {
  const override = (c: ServiceConfig): ServiceConfig => {
    const o = options.listenOverride;
    if (o?.host !== undefined) c.listen.host = o.host;
    if (o?.port !== undefined) c.listen.port = o.port;
    return c;
  };
  override(config);
  const version = options.version ?? packageVersion();
  const logger = options.logger ?? createLogger(config.log.level);
  const metrics = createPrometheusMetrics(version);
  const actor = options.actor ?? 'cardano-vrf-service';
  let ownedAudit: AuditLog | undefined;
  const audit: AuditSink = options.audit ?? (ownedAudit = await AuditLog.open(auditPath(config), { actor }));
  const opener: BackendOpener = options.opener ?? ((_name, bc) => openBackend(bc, { audit, actor }));
  const limiter = new RateLimiter();

  let state = await ServiceState.build(config, opener, metrics);
  // After each probe round, publish which backend serves each key (so the metric moves
  // with the backends' health even when no prove is asked for).
  const publishActive = () => {
    for (const k of state.keys.values()) {
      const a = servingBackend(k);
      metrics.backendActive(k.config.id, a.backend, a.role);
    }
  };
  publishActive();
  const health = new HealthLoop(() => state.slots.values(), config.health.intervalMs, publishActive);
  health.start();
  let reloading: Promise<ReloadReport> | null = null;
  let shuttingDown = false;
  let server: Server | null = null;
  const requests = new Set<IncomingMessage>();

  const logKeys = (s: ServiceState) => {
    for (const k of s.keys.values()) {
      if (k.problem) logger.warn({ key_id: k.config.id, code: k.problem.code }, k.problem.message);
    }
  };
  logKeys(state);

  const doReload = async (next?: ServiceConfig): Promise<ReloadReport> => {
    const old = state;
    let cfg: ServiceConfig;
    try {
      if (next) cfg = next;
      else if (old.config.source) cfg = loadServiceConfig(old.config.source);
      else throw new ServiceError(409, C.CONFIG_INVALID, 'this service was started without a configuration file; nothing to re-read');
    } catch (err) {
      metrics.reloaded(false);
      logger.error({ code: (err as ServiceError).code }, `reload refused: ${(err as Error).message}`);
      if (err instanceof ServiceError) throw err;
      throw new ServiceError(400, C.CONFIG_INVALID, (err as Error).message);
    }
    if (!cfg.source && old.config.source) cfg.source = old.config.source;
    override(cfg);
    const fresh = await ServiceState.build(cfg, opener, metrics, old);
    state = fresh;
    health.setInterval(cfg.health.intervalMs);
    metrics.reloaded(true);
    const restart: string[] = [];
    if (JSON.stringify(cfg.listen) !== JSON.stringify(old.config.listen)) restart.push('listen');
    if (JSON.stringify(cfg.tls ?? null) !== JSON.stringify(old.config.tls ?? null)) restart.push('tls');
    if (cfg.log.level !== old.config.log.level) logger.level = cfg.log.level;
    logKeys(fresh);
    // Close the old generation's backends that the new one does not use, once its requests finish.
    const kept = new Set(fresh.slots.values());
    const retired = [...old.slots.values()].filter((s) => !kept.has(s));
    void old.drain(cfg.limits.shutdownGraceMs).then(() => Promise.all(retired.map((s) => s.close())));
    const report: ReloadReport = {
      keys: fresh.keys.size,
      backends: fresh.slots.size,
      keys_unavailable: [...fresh.keys.values()].filter((k) => !k.meta).map((k) => k.config.id),
      restart_required: restart,
    };
    logger.info(report, 'configuration reloaded');
    return report;
  };

  const rt: Runtime = {
    metrics,
    logger,
    audit,
    limiter,
    version,
    reload: () => {
      if (reloading) return Promise.reject(new ServiceError(409, C.RELOAD_IN_PROGRESS, 'a reload is already running'));
      reloading = doReload().finally(() => {
        reloading = null;
      });
      return reloading;
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const t0 = process.hrtime.bigint();
    const current = state;
    const leave = current.enter();
    requests.add(req);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://service.invalid');
    } catch {
      url = new URL('http://service.invalid/');
    }
    const ctx: RequestContext = { req, res, url, state: current, rt };
    let status = 200;
    try {
      if (shuttingDown) {
        res.setHeader('connection', 'close');
        throw new ServiceError(503, C.SHUTTING_DOWN, 'the service is shutting down', { 'retry-after': '1' });
      }
      const matches = ROUTES.map((r) => ({ r, params: matchPath(r.path, url.pathname) })).filter((m) => m.params !== null);
      if (matches.length === 0) throw new ServiceError(404, C.NOT_FOUND, 'no such endpoint');
      const m = matches.find((x) => x.r.method === req.method || (req.method === 'HEAD' && x.r.method === 'GET'));
      if (!m) {
        const allow = [...new Set(matches.map((x) => x.r.method))].join(', ');
        throw new ServiceError(405, C.METHOD_NOT_ALLOWED, `use ${allow}`, { allow });
      }
      const roles: Role[] | null = m.r.role === null ? null : Array.isArray(m.r.role) ? m.r.role : [m.r.role];
      const anonymous =
        roles === null ||
        (m.r.path === '/health/hsm' && current.config.anonymous.health) ||
        (m.r.path === '/metrics' && current.config.anonymous.metrics);
      if (!anonymous) await requireRole(ctx, roles!);
      await m.r.handler(ctx, m.params!);
      status = res.statusCode;
    } catch (err) {
      const r = sendError(res, err);
      status = r.status;
      ctx.code = r.code;
      if (r.status >= 500 && !(err instanceof ServiceError)) logger.error({ err: { message: (err as Error)?.message, code: (err as { code?: string })?.code } }, 'request failed');
    } finally {
      const done = () => {
        leave();
        requests.delete(req);
      };
      if (res.writableFinished) done();
      else {
        res.once('finish', done);
        res.once('close', done);
      }
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const line = { method: req.method, path: url.pathname.slice(0, 200), status, ms: Math.round(ms * 100) / 100, client: ctx.token?.name, key_id: ctx.keyId, code: ctx.code };
      if (status >= 500) logger.warn(line, 'request');
      else logger.debug(line, 'request');
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err) => {
      logger.error({ err: { message: (err as Error)?.message } }, 'unhandled request failure');
      sendError(res, err);
    });
  };

  const makeServer = (): Server => {
    const tls = state.config.tls;
    let s: Server;
    if (tls) {
      s = createHttpsServer(
        {
          cert: readFileSync(tls.certFile),
          key: readFileSync(tls.keyFile),
          ...(tls.clientCaFile ? { ca: readFileSync(tls.clientCaFile) } : {}),
          requestCert: !!tls.clientCaFile,
          rejectUnauthorized: tls.requireClientCert,
          minVersion: 'TLSv1.2',
        },
        onRequest,
      ) as unknown as Server;
    } else {
      s = createHttpServer(onRequest);
    }
    s.headersTimeout = 10_000;
    s.requestTimeout = 30_000;
    s.keepAliveTimeout = 5_000;
    s.maxHeadersCount = 64;
    s.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (socket.writable && !socket.destroyed) {
        const body = JSON.stringify({ error: { code: C.BAD_REQUEST, message: 'malformed HTTP request' } });
        socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      } else socket.destroy();
    });
    return s;
  };

  let closing: Promise<void> | null = null;
  const service: VrfService = {
    metrics,
    logger,
    get config() {
      return state.config;
    },
    listen(host = state.config.listen.host, port = state.config.listen.port) {
      server = makeServer();
      const s = server;
      return new Promise((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          metrics.setReady(true);
          const addr = s.address() as AddressInfo;
          logger.info({ host: addr.address, port: addr.port, tls: !!state.config.tls, keys: state.keys.size, backends: state.slots.size }, 'listening');
          resolve(addr);
        });
      });
    },
    reload: (next?: ServiceConfig) => {
      if (!next) return rt.reload();
      return doReload(next);
    },
    close() {
      if (closing) return closing;
      closing = (async () => {
        shuttingDown = true;
        metrics.setReady(false);
        logger.info({ inflight: requests.size }, 'shutting down');
        const s = server;
        const closed = s ? new Promise<void>((r) => s.close(() => r())) : Promise.resolve();
        s?.closeIdleConnections();
        const grace = state.config.limits.shutdownGraceMs;
        const deadline = Date.now() + grace;
        while (requests.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        if (requests.size > 0) logger.warn({ inflight: requests.size }, 'grace period over; closing remaining connections');
        s?.closeAllConnections();
        await closed;
        health.stop();
        await reloading?.catch(() => undefined);
        await Promise.all([...state.slots.values()].map((slot) => slot.close()));
        await ownedAudit?.close().catch(() => undefined);
        logger.info('shutdown complete');
      })();
      return closing;
    },
  };
  return service;
}
