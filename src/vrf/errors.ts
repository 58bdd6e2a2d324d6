/**
 * Base class of every error this package throws on purpose. `code` is stable
 * (scripts and HTTP clients may match on it); `message` never holds secrets.
 */
export class CardanoVrfError extends Error {
  /** Stable machine-readable code, e.g. `VRF_BAD_LENGTH`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Errors of the VRF core: wrong lengths or undecodable keys passed to keypairFromSeed/prove. */
export class VrfError extends CardanoVrfError {}

/** Codes used by {@link VrfError}. */
export const VrfErrorCode = {
  BAD_LENGTH: 'VRF_BAD_LENGTH',
  BAD_SECRET_KEY: 'VRF_BAD_SECRET_KEY',
  BAD_SUITE: 'VRF_BAD_SUITE',
} as const;

/** Throws a TypeError unless `value` is a Uint8Array (Buffer included). */
export function assertBytes(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${name} must be a Uint8Array`);
  }
}

/** Throws VrfError(VRF_BAD_LENGTH) unless `value` has exactly `length` bytes. */
export function assertLength(value: Uint8Array, length: number, name: string): void {
  if (value.length !== length) {
    throw new VrfError(VrfErrorCode.BAD_LENGTH, `${name} must be ${length} bytes, got ${value.length}`);
  }
}
