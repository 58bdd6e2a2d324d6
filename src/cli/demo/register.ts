/**
 * `cardano-vrf demo` (what `npm start` runs): proves and verifies with a throw-away key
 * in both suites, then starts the signing service on the software keystore with a demo
 * key and a fresh demo token, prints working `curl` commands (a Praos prove for the
 * current mainnet slot), and serves until Ctrl-C. `--no-serve` stops after the first step.
 */
import type { Command } from 'commander';
import { createLogger } from '../../service/logger.js';
import { createServer } from '../../service/server.js';
import { currentSlot } from '../../service/slot-clock.js';
import { action, CliFailure, printJson, printLines, UsageError } from '../common/output.js';
import { selfCheck } from './selfcheck.js';
import { DEMO_KEY_ID, demoHome, prepareDemo } from './setup.js';
import { pino } from 'pino';

interface DemoOptions {
  json?: boolean;
  serve: boolean;
  port: string;
  home?: string;
}

/** A fixed demo epoch nonce (any 32 bytes do; a real client sends the ledger's). */
const DEMO_NONCE = 'c7937fc47fecbe687891b3decd71e904d1e129598aa3852481d295eea3ea3ada';

/** Registers `demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('Prove and verify with a throw-away key, then run the signing service with a demo key and print a working curl (Ctrl-C stops)')
    .option('--json', 'print JSON')
    .option('--no-serve', 'only the prove/verify self-check; do not start the service')
    .option('--port <port>', 'service port (0 = any free port)', '9090')
    .option('--home <dir>', 'demo home (default $CARDANO_VRF_DEMO_HOME or ~/.cardano-vrf-demo)')
    .action(action((opts: DemoOptions) => demo(opts)));
}

async function demo(opts: DemoOptions): Promise<void> {
  const results = selfCheck();
  if (!opts.serve) {
    if (opts.json) return printJson(results);
    for (const r of results) printLines(`${r.suite}: public key ${r.public_key}`, `  proof  ${r.proof}`, `  valid  ${r.valid}`, `  output ${r.output}`);
    return;
  }
  if (!/^[0-9]{1,5}$/.test(opts.port) || Number(opts.port) > 65535) throw new UsageError('--port must be an integer in [0, 65535]');
  const home = demoHome(opts.home);
  const setup = await prepareDemo(home, Number(opts.port));
  const logger = createLogger('warn', pino.destination({ fd: 2, sync: true }));
  const service = await createServer(setup.config, { logger, actor: 'cardano-vrf-demo' });
  let addr;
  try {
    addr = await service.listen();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      await service.close();
      throw new CliFailure('SERVICE_LISTEN_FAILED', `cannot listen: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    addr = await service.listen(setup.config.listen.host, 0);
  }
  const base = `http://${addr.address}:${addr.port}`;
  const slot = currentSlot(setup.config.network);
  const body = JSON.stringify({ slot, epoch_nonce: DEMO_NONCE });
  const curlProve = `curl -s -H 'Authorization: Bearer ${setup.token}' -H 'Content-Type: application/json' -d '${body}' ${base}/v1/keys/${DEMO_KEY_ID}/praos/prove`;
  const curlKeys = `curl -s -H 'Authorization: Bearer ${setup.token}' ${base}/v1/keys`;
  const curlHealth = `curl -s ${base}/health/hsm`;
  if (opts.json) {
    printJson({ self_check: results, url: base, home: setup.home, config_file: setup.configFile, key_id: DEMO_KEY_ID, public_key: setup.publicKey, token: setup.token, slot, epoch_nonce: DEMO_NONCE, curl: { prove: curlProve, keys: curlKeys, health: curlHealth } });
  } else {
    for (const r of results) printLines(`self-check ${r.suite}: prove → verify ${r.valid ? 'ok' : 'FAILED'}`);
    printLines(
      '',
      `Signing service on ${base} (software keystore in ${setup.home}/keys${setup.createdKey ? ', demo key created' : ''})`,
      `  key ${DEMO_KEY_ID} (draft03), public key ${setup.publicKey}`,
      `  demo token (valid until this process stops): ${setup.token}`,
      '',
      `Praos prove for the current mainnet slot ${slot} (the policy allows ±3600 slots around now):`,
      `  ${curlProve}`,
      'Keys and health:',
      `  ${curlKeys}`,
      `  ${curlHealth}`,
      '',
      'Serving until Ctrl-C.',
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      service.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (!opts.json) printLines('stopped');
}
