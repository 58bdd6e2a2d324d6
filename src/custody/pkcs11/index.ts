/**
 * PKCS#11 custody (SoftHSMv2, Thales, Utimaco, YubiHSM...) and its AWS CloudHSM profile:
 * seeds wrapped by a non-extractable AES-256 KEK generated in the token. See
 * docs/pkcs11.md for configuration, mechanism choice, sessions and the threat model.
 */
import type { KeyBackend } from '../backend.js';
import type { AwsCloudHsmConfig, Pkcs11Config } from '../config.js';
import type { BackendContext } from '../context.js';
import { openCloudHsmBackend } from './cloudhsm.js';
import { parseMechanismList, PKCS11_DEFAULT_MECHANISMS } from './mechanisms.js';
import { readPin } from './pin.js';
import { backendOptions } from './backendOptions.js';
import { Pkcs11Backend } from './pkcs11Backend.js';

export { Pkcs11Backend, type Pkcs11BackendOptions } from './pkcs11Backend.js';
export { pkcs11Aad, wrapSeed, unwrapSeed } from './wrap.js';
export { Pkcs11Token, type TokenOptions, type SessionHandle } from './token.js';
export { Pkcs11ErrorCode, Pkcs11BackendError, mapPkcs11Error, CKR } from './errors.js';
export {
  MECHANISMS,
  PKCS11_DEFAULT_MECHANISMS,
  CLOUDHSM_DEFAULT_MECHANISMS,
  chooseMechanism,
  isMechanismName,
  mechanism,
  parseMechanismList,
  type MechanismName,
  type WrapMechanism,
} from './mechanisms.js';
export { kekTemplate, findKek, type KekRef } from './kek.js';
export { readPin, cloudHsmPinProblem, type PinSource } from './pin.js';
export { cloudHsmPin, openCloudHsmBackend } from './cloudhsm.js';
export { fetchPinFromSecretsManager, parseSecretPin, type SecretsManagerPinSource } from './secretsManagerPin.js';

/**
 * Backend factory (the contract of openBackend) for `type: 'pkcs11'` and
 * `type: 'aws-cloudhsm'`: reads the PIN, loads the module, finds the token by label,
 * logs in and probes the wrapping mechanisms.
 */
export async function createBackend(config: Pkcs11Config | AwsCloudHsmConfig, ctx: BackendContext): Promise<KeyBackend> {
  if (config.type === 'aws-cloudhsm') return openCloudHsmBackend(config, ctx);
  const mechanisms = parseMechanismList(config.wrap_mechanism, PKCS11_DEFAULT_MECHANISMS);
  const pin = await readPin(config, ctx.env);
  return Pkcs11Backend.open(backendOptions(config, pin, mechanisms), ctx);
}
