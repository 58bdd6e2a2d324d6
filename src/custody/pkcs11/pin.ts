/**
 * Where the token PIN comes from: an environment variable or a file (never argv, never
 * the configuration file itself). The PIN is held as UTF-8 bytes in a Uint8Array that
 * the backend zeroes on close; it is turned into a string only for the C_Login call
 * (pkcs11js takes a string).
 *
 * A PIN file must not be readable by group or others (INSECURE_PERMISSIONS); one
 * trailing newline is ignored.
 */
import { stat, readFile } from 'node:fs/promises';
import { CardanoVrfError } from '../../vrf/errors.js';
import { assertPrivateStat } from '../secureFs.js';
import { Pkcs11BackendError, Pkcs11ErrorCode } from './errors.js';

/** A PIN source as the configuration names it. */
export interface PinSource {
  pin_env?: string;
  pin_file?: string;
}

const MAX_PIN_BYTES = 1024;

function unavailable(message: string): Pkcs11BackendError {
  return new Pkcs11BackendError(Pkcs11ErrorCode.PIN_UNAVAILABLE, message);
}

/** Strips one trailing "\n" or "\r\n" (in place view, no copy of the secret left behind). */
function trimNewline(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end--;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  return bytes.subarray(0, end);
}

/**
 * Reads the PIN named by `source` from `env` or the file system. PKCS11_PIN_UNAVAILABLE
 * when the variable is unset/empty, the file is missing/empty/too large;
 * INSECURE_PERMISSIONS when the file is group/other accessible. The result is a fresh
 * copy the caller owns (zero it when done).
 */
export async function readPin(source: PinSource, env: Record<string, string | undefined>): Promise<Uint8Array> {
  if (source.pin_env) {
    const v = env[source.pin_env];
    if (v === undefined || v.length === 0) {
      throw unavailable(`the PIN environment variable ${source.pin_env} is not set`);
    }
    const bytes = new TextEncoder().encode(v);
    if (bytes.length > MAX_PIN_BYTES) throw unavailable(`the PIN in ${source.pin_env} is longer than ${MAX_PIN_BYTES} bytes`);
    return bytes;
  }
  if (source.pin_file) {
    const file = source.pin_file;
    let raw: Buffer;
    try {
      const st = await stat(file);
      if (!st.isFile()) throw unavailable(`the PIN file ${file} is not a regular file`);
      if (st.size > MAX_PIN_BYTES + 2) throw unavailable(`the PIN file ${file} is larger than ${MAX_PIN_BYTES} bytes`);
      assertPrivateStat(file, st, 'file');
      raw = await readFile(file);
    } catch (err) {
      if (err instanceof CardanoVrfError) throw err;
      throw unavailable(`cannot read the PIN file ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const trimmed = trimNewline(raw);
    const pin = Uint8Array.from(trimmed);
    raw.fill(0);
    if (pin.length === 0) throw unavailable(`the PIN file ${file} is empty`);
    return pin;
  }
  throw unavailable('no PIN source configured (pin_env or pin_file)');
}

/**
 * Checks the AWS CloudHSM PIN form `<crypto-user>:<password>` (both parts non-empty).
 * Returns null when well formed, else a reason (which never quotes the PIN).
 */
export function cloudHsmPinProblem(pin: Uint8Array): string | null {
  const colon = pin.indexOf(0x3a);
  if (colon <= 0) return 'the CloudHSM PIN must have the form <crypto-user>:<password>';
  if (colon === pin.length - 1) return 'the CloudHSM PIN has an empty password after the ":"';
  return null;
}
