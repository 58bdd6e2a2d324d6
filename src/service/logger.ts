/**
 * The service's structured logger (pino). Redaction removes anything that could carry a
 * secret (authorization headers, tokens, seeds, PINs, passphrases) even if a future
 * log call passes one by mistake.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths pino replaces with "[redacted]". */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'token',
  '*.token',
  'seed',
  '*.seed',
  'secretKey',
  '*.secretKey',
  'secret_key',
  '*.secret_key',
  'pin',
  '*.pin',
  'passphrase',
  '*.passphrase',
  'client_secret',
  '*.client_secret',
];

/** Creates the logger at `level`, writing JSON lines to `destination` (default stdout). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'cardano-vrf' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}
