/**
 * Classifies what @aws-sdk/client-kms throws into CloudError codes, by duck typing on
 * the smithy ServiceException shape (`name`, `$fault`, `$metadata.httpStatusCode`,
 * hidden `$response.headers`), credential-provider errors and network errors.
 * KMS error reference: https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html
 */
import { classifyNetwork, field, numberField, shortMessage, stringField } from './classifyCommon.js';
import { CloudError, CloudErrorCode, parseRetryAfter } from './errors.js';

const AUTH = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidClientTokenId',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
]);
const FORBIDDEN = new Set(['AccessDeniedException', 'AccessDenied']);
const NOT_FOUND = new Set(['NotFoundException']);
const DISABLED = new Set(['DisabledException', 'KMSInvalidStateException']);
const REFUSED = new Set(['InvalidCiphertextException', 'IncorrectKeyException', 'InvalidKeyUsageException']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
const TRANSIENT = new Set([
  'KMSInternalException',
  'DependencyTimeoutException',
  'KeyUnavailableException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

function header(err: unknown, name: string): string | undefined {
  const headers = field(field(err, '$response'), 'headers');
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (k.toLowerCase() === name && typeof v === 'string') return v;
  }
  return undefined;
}

/** Maps an AWS SDK failure to a CloudError; see the module comment. */
export function classifyAws(err: unknown, now: number = Date.now()): CloudError {
  if (err instanceof CloudError) return err;
  const rawName = stringField(err, 'name') ?? '';
  const name = rawName === 'Unknown' || rawName === 'UnknownError' ? '' : rawName;
  const msg = shortMessage(err);
  const status = numberField(field(err, '$metadata'), 'httpStatusCode');
  const retryAfterMs = parseRetryAfter(header(err, 'retry-after'), now);
  const extra = {
    cause: err,
    ...(status !== undefined ? { httpStatus: status } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };

  if (AUTH.has(name)) return new CloudError(CloudErrorCode.AUTH_FAILED, `AWS rejected the credentials (${name}): ${msg}`, extra);
  if (FORBIDDEN.has(name)) return new CloudError(CloudErrorCode.FORBIDDEN, `AWS denied the operation (${name}): ${msg}`, extra);
  if (NOT_FOUND.has(name)) return new CloudError(CloudErrorCode.KEY_NOT_FOUND, `KMS key not found: ${msg}`, extra);
  if (DISABLED.has(name)) return new CloudError(CloudErrorCode.KEY_DISABLED, `KMS key not usable (${name}): ${msg}`, extra);
  if (REFUSED.has(name)) {
    return new CloudError(CloudErrorCode.DECRYPT_REFUSED, `KMS refused to decrypt (${name}): wrong key, encryption context or blob`, extra);
  }
  if (THROTTLED.has(name) || status === 429) {
    return new CloudError(CloudErrorCode.THROTTLED, `KMS throttled the request (${name || status})`, { ...extra, retryable: true });
  }
  if (TRANSIENT.has(name) || (status !== undefined && status >= 500)) {
    return new CloudError(CloudErrorCode.UNAVAILABLE, `KMS failed (${name || `HTTP ${status}`})`, { ...extra, retryable: true });
  }
  if (status === 401) return new CloudError(CloudErrorCode.AUTH_FAILED, `AWS rejected the request (401): ${msg}`, extra);
  if (status === 403) return new CloudError(CloudErrorCode.FORBIDDEN, `AWS denied the request (403): ${msg}`, extra);
  if (status === undefined) {
    const net = classifyNetwork(err);
    if (net) return net;
    if (name === 'AbortError') return new CloudError(CloudErrorCode.UNAVAILABLE, 'request aborted (timeout)', { retryable: true, cause: err });
    return new CloudError(CloudErrorCode.UNAVAILABLE, `AWS call failed: ${msg}`, extra);
  }
  return new CloudError(CloudErrorCode.BAD_REQUEST, `KMS rejected the request (${name || status}): ${msg}`, extra);
}
