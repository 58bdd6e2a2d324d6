/**
 * The AWS CloudHSM profile: the PKCS#11 backend with CloudHSM's conventions.
 *
 * - Module: `/opt/cloudhsm/lib/libcloudhsm_pkcs11.so` unless configured (config.ts).
 * - PIN: `<crypto-user>:<password>`, from `pin_env`/`pin_file`, or fetched from AWS
 *   Secrets Manager (`secrets_manager.secret_id`, default credential chain) — see
 *   secretsManagerPin.ts. The form is checked before any C_Login.
 * - Wrapping: CKM_AES_KEY_WRAP_PAD when listed, else CloudHSM's vendor-defined
 *   CKM_CLOUDHSM_AES_KEY_WRAP_ZERO_PAD / _PKCS5_PAD / _NO_PAD, else CKM_AES_KEY_WRAP
 *   (mechanisms.ts); `wrap_mechanism` overrides the list.
 */
import type { AwsCloudHsmConfig } from '../config.js';
import { reportAuthFailure, type BackendContext } from '../context.js';
import { CustodyErrorCode } from '../errors.js';
import { hasCode } from '../errors.js';
import { Pkcs11BackendError, Pkcs11ErrorCode } from './errors.js';
import { CLOUDHSM_DEFAULT_MECHANISMS, parseMechanismList } from './mechanisms.js';
import { cloudHsmPinProblem, readPin } from './pin.js';
import { backendOptions } from './backendOptions.js';
import { Pkcs11Backend } from './pkcs11Backend.js';
import { fetchPinFromSecretsManager } from './secretsManagerPin.js';

/** Reads the CloudHSM PIN (`user:password`) from its configured source; the caller owns the bytes. */
export async function cloudHsmPin(config: AwsCloudHsmConfig, ctx: BackendContext): Promise<Uint8Array> {
  let pin: Uint8Array;
  if (config.secrets_manager) {
    try {
      pin = await fetchPinFromSecretsManager(config.secrets_manager);
    } catch (err) {
      if (hasCode(err, CustodyErrorCode.AUTH_FAILED)) {
        await reportAuthFailure(ctx, CustodyErrorCode.AUTH_FAILED, { backend: 'aws-cloudhsm', source: 'secrets-manager' });
      }
      throw err;
    }
  } else {
    pin = await readPin(config, ctx.env);
  }
  const problem = cloudHsmPinProblem(pin);
  if (problem) {
    pin.fill(0);
    throw new Pkcs11BackendError(Pkcs11ErrorCode.PIN_UNAVAILABLE, problem);
  }
  return pin;
}

/** Opens the CloudHSM profile of the PKCS#11 backend. */
export async function openCloudHsmBackend(config: AwsCloudHsmConfig, ctx: BackendContext): Promise<Pkcs11Backend> {
  const mechanisms = parseMechanismList(config.wrap_mechanism, CLOUDHSM_DEFAULT_MECHANISMS);
  const pin = await cloudHsmPin(config, ctx);
  return Pkcs11Backend.open(backendOptions(config, pin, mechanisms), ctx);
}
