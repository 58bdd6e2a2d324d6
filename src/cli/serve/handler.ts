/**
 * `cardano-vrf serve`: loads the service configuration (`--config FILE`, else
 * `$CARDANO_VRF_SERVICE_CONFIG`, else `$CARDANO_VRF_HOME/service.json`), starts the
 * signing service, reloads on SIGHUP, and stops gracefully on SIGTERM/SIGINT (exit 0).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cardanoVrfHome } from '../../custody/config.js';
import { loadServiceConfig } from '../../service/config.js';
import { createServer } from '../../service/server.js';
import { CliFailure, UsageError } from '../common/output.js';
import { parsePort, type ServeOptions } from './options.js';

/** The configuration file `serve` uses. */
export function serviceConfigPath(flag: string | undefined, env: Record<string, string | undefined> = process.env): string {
  if (flag) return flag;
  if (env.CARDANO_VRF_SERVICE_CONFIG) return env.CARDANO_VRF_SERVICE_CONFIG;
  const dflt = join(cardanoVrfHome(env), 'service.json');
  if (!existsSync(dflt)) {
    throw new UsageError(`no service configuration: pass --config FILE, set CARDANO_VRF_SERVICE_CONFIG, or create ${dflt} (see docs/service.md and ops/config/example.json)`);
  }
  return dflt;
}

/** Runs the service until a termination signal; resolves after a graceful shutdown. */
export async function serve(opts: ServeOptions): Promise<void> {
  const port = parsePort(opts.port);
  const config = loadServiceConfig(serviceConfigPath(opts.config));
  const service = await createServer(config, { listenOverride: { ...(opts.host ? { host: opts.host } : {}), ...(port !== undefined ? { port } : {}) } });
  try {
    await service.listen(config.listen.host, config.listen.port);
  } catch (err) {
    await service.close();
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new CliFailure('SERVICE_LISTEN_FAILED', `cannot listen on ${config.listen.host}:${config.listen.port}: ${code}`);
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      service.logger.info({ signal }, 'signal received');
      process.off('SIGHUP', hup);
      service.close().then(resolve, resolve);
    };
    const hup = () => {
      service.reload().catch((err) => service.logger.error({ code: (err as { code?: string }).code }, `reload failed: ${(err as Error).message}`));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    process.on('SIGHUP', hup);
  });
}
