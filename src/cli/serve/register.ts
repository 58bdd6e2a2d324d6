/** The `serve` command group: the signing service and its token helpers. */
import type { Command } from 'commander';

// `--json` is also an option of `serve` itself; commander hands it to the parent, so the
// helpers read their options with optsWithGlobals().
import { action } from '../common/output.js';
import { serve } from './handler.js';
import type { ServeOptions } from './options.js';
import { hashTokenCommand, newTokenCommand } from './token.js';

/** Registers `serve`, `serve hash-token` and `serve new-token`. */
export function register(program: Command): void {
  const cmd = program
    .command('serve')
    .description('Run the HTTP signing service (default 127.0.0.1:9090); see docs/service.md')
    .option('--config <file>', 'service configuration (default $CARDANO_VRF_SERVICE_CONFIG, else $CARDANO_VRF_HOME/service.json)')
    .option('--host <host>', 'listen address (overrides listen.host)')
    .option('--port <port>', 'listen port, 0 for any free port (overrides listen.port)')
    .option('--json', 'errors as JSON (logs are always JSON lines)')
    .action(action((opts: ServeOptions) => serve(opts)));
  cmd
    .command('hash-token')
    .description('Print the SHA-256 of a token for the configuration (token read from stdin unless a flag says otherwise)')
    .option('--token-file <file>', 'read the token from this file')
    .option('--token-env <var>', 'read the token from this environment variable')
    .option('--json', 'print JSON')
    .action((_opts: unknown, sub: Command) => action((opts: { tokenFile?: string; tokenEnv?: string; json?: boolean }) => hashTokenCommand(opts))(sub.optsWithGlobals()));
  cmd
    .command('new-token')
    .description('Generate a random token and print it with its configuration entry')
    .option('--name <name>', 'token name for logs and audit records', 'client')
    .option('--role <role...>', 'roles: prover, officer, metrics (default prover)')
    .option('--json', 'print JSON')
    .action((_opts: unknown, sub: Command) => action((opts: { name?: string; role?: string[]; json?: boolean }) => newTokenCommand(opts))(sub.optsWithGlobals()));
}
