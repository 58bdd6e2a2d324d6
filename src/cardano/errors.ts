import { CardanoVrfError } from '../vrf/errors.js';

/** Errors of the Cardano layer: key files, header bytes, leader-check parameters, epochs. */
export class CardanoError extends CardanoVrfError {}

/** Stable codes used by {@link CardanoError}. */
export const CardanoErrorCode = {
  /** A key file is not valid JSON or not a TextEnvelope object. */
  KEY_FILE_BAD_JSON: 'KEY_FILE_BAD_JSON',
  /** A key file's `type` is not the one expected (e.g. a KES key given as a VRF key). */
  KEY_FILE_WRONG_TYPE: 'KEY_FILE_WRONG_TYPE',
  /** `cborHex` is not hex, not a CBOR byte string, or has the wrong length. */
  KEY_FILE_BAD_CBOR: 'KEY_FILE_BAD_CBOR',
  /** The signing key's verification-key half does not match its seed. */
  KEY_FILE_VK_MISMATCH: 'KEY_FILE_VK_MISMATCH',
  /** A key file could not be read or written. */
  KEY_FILE_IO: 'KEY_FILE_IO',
  /** A key file exists where a new one would be written. */
  KEY_FILE_EXISTS: 'KEY_FILE_EXISTS',
  /** A bech32 string is malformed, has a bad checksum or an unexpected prefix. */
  BECH32_INVALID: 'BECH32_INVALID',
  /** A stake fraction, active-slot coefficient or other rational is out of range or malformed. */
  BAD_RATIONAL: 'CARDANO_BAD_RATIONAL',
  /** An epoch nonce is not 32 bytes. */
  BAD_NONCE: 'CARDANO_BAD_NONCE',
  /** A slot or epoch number is out of range. */
  BAD_SLOT: 'CARDANO_BAD_SLOT',
  /** An unknown network name. */
  UNKNOWN_NETWORK: 'CARDANO_UNKNOWN_NETWORK',
  /** Header CBOR that is not a Babbage/Conway block header. */
  BAD_HEADER: 'CARDANO_BAD_HEADER',
  /** A leader-schedule worker failed. */
  SCHEDULE_FAILED: 'CARDANO_SCHEDULE_FAILED',
} as const;
