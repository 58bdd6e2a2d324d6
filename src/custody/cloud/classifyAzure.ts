/**
 * Classifies what @azure/keyvault-keys and @azure/identity throw into CloudError codes,
 * by duck typing (no SDK import, so loading this file never loads the SDK):
 * RestError (`statusCode`, `code`, `response.headers`), AuthenticationError,
 * CredentialUnavailableError, AggregateAuthenticationError, network errors.
 * Key Vault reference: https://learn.microsoft.com/azure/key-vault/general/rest-error-codes
 */
import { classifyNetwork, field, numberField, shortMessage, stringField } from './classifyCommon.js';
import { CloudError, CloudErrorCode, parseRetryAfter } from './errors.js';

/**
 * OAuth / MSAL / Entra codes that mean "try again later" in an identity error message
 * (RFC 6749 §5.2 temporarily_unavailable and server_error, MSAL network and endpoint
 * resolution errors, AADSTS90033 "a transient error has occurred").
 */
const TRANSIENT_OAUTH = /\b(temporarily_unavailable|server_error|network_error|endpoints_resolution_error|request_timeout|AADSTS90033)\b/;

function header(err: unknown, name: string): string | undefined {
  const headers = field(field(err, 'response'), 'headers');
  const get = field(headers, 'get');
  if (typeof get === 'function') {
    const v = (get as (n: string) => unknown).call(headers, name);
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

/** The Key Vault error code from the body (`error.code`, then `error.innererror.code`). */
function serviceCodes(err: unknown): string[] {
  const codes: string[] = [];
  const restCode = stringField(err, 'code');
  if (restCode) codes.push(restCode);
  const body = field(err, 'details');
  const error = field(body, 'error') ?? body;
  const c1 = stringField(error, 'code');
  if (c1) codes.push(c1);
  const inner = stringField(field(error, 'innererror') ?? field(error, 'innerError'), 'code');
  if (inner) codes.push(inner);
  return codes;
}

/** Maps an Azure SDK failure to a CloudError; see the module comment. */
export function classifyAzure(err: unknown, now: number = Date.now()): CloudError {
  if (err instanceof CloudError) return err;
  const name = stringField(err, 'name') ?? '';
  const msg = shortMessage(err);

  if (name === 'CredentialUnavailableError' || name === 'AggregateAuthenticationError' || name === 'AuthenticationRequiredError' || name === 'AuthenticationError') {
    // MSAL reports the OAuth error code first: transient ones (RFC 6749 §5.2, MSAL network errors) are an outage.
    if (TRANSIENT_OAUTH.test(msg)) {
      return new CloudError(CloudErrorCode.UNAVAILABLE, `Microsoft Entra token endpoint unavailable: ${msg}`, { retryable: true, cause: err });
    }
  }
  if (name === 'CredentialUnavailableError' || name === 'AggregateAuthenticationError' || name === 'AuthenticationRequiredError') {
    return new CloudError(CloudErrorCode.AUTH_FAILED, `Azure credentials unavailable: ${msg}`, { cause: err });
  }
  if (name === 'AuthenticationError') {
    const status = numberField(err, 'statusCode');
    if (status !== undefined && (status >= 500 || status === 429)) {
      return new CloudError(
        status === 429 ? CloudErrorCode.THROTTLED : CloudErrorCode.UNAVAILABLE,
        `Microsoft Entra token endpoint answered HTTP ${status}`,
        { retryable: true, httpStatus: status, cause: err },
      );
    }
    const net = classifyNetwork(err);
    if (net) return net;
    return new CloudError(CloudErrorCode.AUTH_FAILED, `Microsoft Entra refused the credential: ${msg}`, {
      ...(status !== undefined ? { httpStatus: status } : {}),
      cause: err,
    });
  }
  if (name === 'AbortError') {
    return new CloudError(CloudErrorCode.UNAVAILABLE, 'request aborted (timeout)', { retryable: true, cause: err });
  }

  const status = numberField(err, 'statusCode');
  if (status === undefined) {
    const net = classifyNetwork(err);
    if (net) return net;
    if (/expired at|can't be used before/.test(msg)) {
      return new CloudError(CloudErrorCode.KEY_DISABLED, `Key Vault key not usable: ${msg}`, { cause: err });
    }
    if (/is not supported on key|Unable to support operation/.test(msg)) {
      return new CloudError(CloudErrorCode.FORBIDDEN, `Key Vault key does not permit this operation: ${msg}`, { cause: err });
    }
    return new CloudError(CloudErrorCode.UNAVAILABLE, `Azure call failed: ${msg}`, { cause: err });
  }

  const retryAfterMs =
    parseRetryAfter(header(err, 'retry-after-ms'), now, 'ms') ??
    parseRetryAfter(header(err, 'x-ms-retry-after-ms'), now, 'ms') ??
    parseRetryAfter(header(err, 'retry-after'), now);
  const extra = { httpStatus: status, cause: err, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  const codes = serviceCodes(err);

  if (status === 401) return new CloudError(CloudErrorCode.AUTH_FAILED, `Key Vault rejected the token (401): ${msg}`, extra);
  if (status === 403) {
    if (codes.includes('KeyDisabled')) {
      return new CloudError(CloudErrorCode.KEY_DISABLED, `Key Vault key is disabled: ${msg}`, extra);
    }
    return new CloudError(CloudErrorCode.FORBIDDEN, `Key Vault denied the operation (403): ${msg}`, extra);
  }
  if (status === 404) return new CloudError(CloudErrorCode.KEY_NOT_FOUND, `Key Vault key not found (404): ${msg}`, extra);
  if (status === 429) return new CloudError(CloudErrorCode.THROTTLED, `Key Vault throttled the request (429)`, { ...extra, retryable: true });
  if (status === 408 || status >= 500) {
    return new CloudError(CloudErrorCode.UNAVAILABLE, `Key Vault answered HTTP ${status}`, { ...extra, retryable: true });
  }
  return new CloudError(CloudErrorCode.BAD_REQUEST, `Key Vault rejected the request (${status}): ${msg}`, extra);
}
