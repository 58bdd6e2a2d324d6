/**
 * Token helpers: `serve new-token` prints a fresh random token and its SHA-256 (the
 * value for the configuration's `tokens[].sha256`); `serve hash-token` hashes an
 * existing token read from stdin, a file or an environment variable (never argv).
 */
import { readFileSync } from 'node:fs';
import { hashToken, newToken } from '../../service/auth.js';
import { CliFailure, printJson, printLines, UsageError } from '../common/output.js';

/** Reads all of stdin as text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `serve hash-token [--token-file FILE | --token-env VAR]` (default: stdin). */
export async function hashTokenCommand(opts: { tokenFile?: string; tokenEnv?: string; json?: boolean }): Promise<void> {
  if (opts.tokenFile && opts.tokenEnv) throw new UsageError('give --token-file or --token-env, not both');
  let text: string;
  if (opts.tokenFile) {
    try {
      text = readFileSync(opts.tokenFile, 'utf8');
    } catch (err) {
      throw new CliFailure('TOKEN_UNREADABLE', `cannot read ${opts.tokenFile}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else if (opts.tokenEnv) {
    const v = process.env[opts.tokenEnv];
    if (v === undefined) throw new UsageError(`environment variable ${opts.tokenEnv} is not set`);
    text = v;
  } else {
    if (process.stdin.isTTY) process.stderr.write('token (then Enter and Ctrl-D): ');
    text = await readStdin();
  }
  const token = text.replace(/\r?\n$/, '');
  if (!/^[\x21-\x7e]{16,512}$/.test(token)) throw new UsageError('a token must be 16 to 512 printable ASCII characters without spaces');
  const sha256 = hashToken(token);
  if (opts.json) printJson({ sha256 });
  else printLines(sha256);
}

/** `serve new-token [--name NAME] [--role ROLE...]`: a new token and its configuration entry. */
export async function newTokenCommand(opts: { name?: string; role?: string[]; json?: boolean }): Promise<void> {
  const roles = opts.role && opts.role.length > 0 ? opts.role : ['prover'];
  for (const r of roles) if (!['prover', 'officer', 'metrics'].includes(r)) throw new UsageError(`--role must be prover, officer or metrics (got ${JSON.stringify(r)})`);
  const token = newToken();
  const entry = { name: opts.name ?? 'client', sha256: hashToken(token), roles };
  if (opts.json) printJson({ token, config_entry: entry });
  else {
    printLines(
      `token (give it to the client; it is not stored anywhere):`,
      `  ${token}`,
      `configuration entry for "tokens":`,
      `  ${JSON.stringify(entry)}`,
    );
  }
}
