/**
 * Fetches the AWS CloudHSM crypto-user PIN from AWS Secrets Manager with the official
 * SDK (`@aws-sdk/client-secrets-manager`, loaded lazily so nothing else pays for it),
 * using the default credential chain (environment, shared config, SSO, instance or
 * container role) and an optional endpoint (VPC endpoint, or a local test server).
 *
 * Accepted secret values (SecretString, or SecretBinary holding the same text):
 * - `user:password`, the CloudHSM PIN form itself;
 * - JSON `{"username": "...", "password": "..."}` (the layout of the deployment guide;
 *   other fields such as `cluster_id` are ignored).
 */
import { CustodyErrorCode } from '../errors.js';
import { Pkcs11BackendError, Pkcs11ErrorCode } from './errors.js';
import { cloudHsmPinProblem } from './pin.js';

/** Where the secret lives. */
export interface SecretsManagerPinSource {
  secret_id: string;
  region: string;
  endpoint?: string;
}

/** Result of {@link parseSecretPin}: the PIN bytes or a secret-free reason. */
export type SecretPinParse = { ok: true; pin: Uint8Array } | { ok: false; reason: string };

/**
 * Turns a secret's text into the `user:password` PIN bytes. Never throws and never puts
 * the secret into the reason.
 */
export function parseSecretPin(text: string): SecretPinParse {
  const trimmed = text.trim();
  let pinText: string | undefined;
  if (trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch {
      return { ok: false, reason: 'the secret looks like JSON but does not parse' };
    }
    const o = doc as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || typeof o.username !== 'string' || typeof o.password !== 'string') {
      return { ok: false, reason: 'the JSON secret needs string fields "username" and "password"' };
    }
    pinText = `${o.username}:${o.password}`;
  } else {
    pinText = trimmed;
  }
  const pin = new TextEncoder().encode(pinText);
  const problem = cloudHsmPinProblem(pin);
  if (problem) {
    pin.fill(0);
    return { ok: false, reason: problem };
  }
  return { ok: true, pin };
}

const AUTH_ERRORS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'CredentialsProviderError',
  'IncompleteSignatureException',
]);

/**
 * Calls GetSecretValue and returns the PIN bytes (caller zeroes them). Errors:
 * AUTH_FAILED (credentials refused or missing), PKCS11_PIN_UNAVAILABLE (secret absent,
 * empty or malformed), BACKEND_UNAVAILABLE (network, throttling, service errors).
 * Bounded: 2 attempts, 5 s per request.
 */
export async function fetchPinFromSecretsManager(source: SecretsManagerPinSource): Promise<Uint8Array> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({
    region: source.region,
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 3000, requestTimeout: 5000 },
  });
  try {
    let out;
    try {
      out = await client.send(new GetSecretValueCommand({ SecretId: source.secret_id }));
    } catch (err) {
      const name = err instanceof Error ? err.name : 'Error';
      if (AUTH_ERRORS.has(name)) {
        throw new Pkcs11BackendError(CustodyErrorCode.AUTH_FAILED, `Secrets Manager refused the credentials (${name})`);
      }
      if (name === 'ResourceNotFoundException') {
        throw new Pkcs11BackendError(Pkcs11ErrorCode.PIN_UNAVAILABLE, `Secrets Manager has no secret "${source.secret_id}"`);
      }
      throw new Pkcs11BackendError(CustodyErrorCode.BACKEND_UNAVAILABLE, `Secrets Manager GetSecretValue failed (${name})`);
    }
    let text: string | undefined = out.SecretString;
    if (text === undefined && out.SecretBinary) {
      text = Buffer.from(out.SecretBinary).toString('utf8');
      out.SecretBinary.fill(0);
    }
    if (text === undefined || text.length === 0) {
      throw new Pkcs11BackendError(Pkcs11ErrorCode.PIN_UNAVAILABLE, `the secret "${source.secret_id}" has no value`);
    }
    const parsed = parseSecretPin(text);
    if (!parsed.ok) {
      throw new Pkcs11BackendError(Pkcs11ErrorCode.PIN_UNAVAILABLE, `the secret "${source.secret_id}" is not a CloudHSM PIN: ${parsed.reason}`);
    }
    return parsed.pin;
  } finally {
    client.destroy();
  }
}
