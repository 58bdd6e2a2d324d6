/** The software keystore backend (development and CI). */
import type { KeyBackend } from '../backend.js';
import type { SoftwareConfig } from '../config.js';
import type { BackendContext } from '../context.js';
import { SoftwareBackend } from './softwareBackend.js';

export { SoftwareBackend, MECH_NONE, MECH_SCRYPT_GCM, softwareAad } from './softwareBackend.js';
export { sealBox, openBox, isSealedBox, DEFAULT_SCRYPT_LOG_N } from './sealedBox.js';
export { readPassphrase, type PassphraseSource } from './passphrase.js';

/** Backend factory (the contract of openBackend): opens the software keystore `config` names. */
export function createBackend(config: SoftwareConfig, ctx: BackendContext): Promise<KeyBackend> {
  return SoftwareBackend.open(config, ctx);
}
