import { CardanoVrfError } from '../../vrf/errors.js';

/** Exit codes shared by every command. */
export const ExitCode = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

/** A failure that should end the command with a message and an exit code (1 unless given). */
export class CliFailure extends CardanoVrfError {
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode: number = ExitCode.FAILURE) {
    super(code, message);
    this.exitCode = exitCode;
  }
}

/** A usage error: wrong or missing flags. Exits 2. */
export class UsageError extends CliFailure {
  constructor(message: string) {
    super('CLI_USAGE', message, ExitCode.USAGE);
  }
}

/** Prints `value` as one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Prints `lines` of human-readable output. */
export function printLines(...lines: string[]): void {
  process.stdout.write(lines.join('\n') + '\n');
}

/**
 * Wraps a command action: runs it, and turns thrown errors into a message on
 * stderr (JSON when `--json` was given) and the right exit code. Never prints a stack
 * trace for a coded error.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      reportError(err, wantsJson(args));
    }
  };
}

function wantsJson(args: unknown[]): boolean {
  for (const a of args) {
    if (a && typeof a === 'object' && 'json' in a && (a as { json?: unknown }).json === true) return true;
  }
  return false;
}

/** Prints an error and sets the exit code; coded errors print their code, others a generic line. */
export function reportError(err: unknown, json: boolean): void {
  let code = 'INTERNAL_ERROR';
  let message = 'unexpected error';
  let exit: number = ExitCode.FAILURE;
  if (err instanceof CliFailure) {
    code = err.code;
    message = err.message;
    exit = err.exitCode;
  } else if (err instanceof CardanoVrfError) {
    code = err.code;
    message = err.message;
  } else if (err instanceof TypeError || err instanceof RangeError) {
    code = 'CLI_USAGE';
    message = err.message;
    exit = ExitCode.USAGE;
  } else if (err instanceof Error) {
    message = err.message;
  }
  if (json) process.stderr.write(JSON.stringify({ error: { code, message } }) + '\n');
  else process.stderr.write(`error [${code}]: ${message}\n`);
  process.exitCode = exit;
}
