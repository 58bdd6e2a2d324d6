/** Flags of `cardano-vrf serve` and its token helpers. */
import { UsageError } from '../common/output.js';

/** `serve` flags as commander hands them over. */
export interface ServeOptions {
  config?: string;
  host?: string;
  port?: string;
  json?: boolean;
}

/** Parses `--port`: an integer 0..65535 (0 = any free port). */
export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError('--port must be an integer in [0, 65535]');
  return Number(value);
}
