/**
 * What a cloud backend contributes to {@link CloudEnvelopeBackend}: how a seed is
 * created/wrapped and unwrapped by the cloud key-encryption key, and how the cloud is
 * probed. Every method gets an AbortSignal (per-attempt timeout) and is called through
 * the retry loop; it throws SDK errors, which the backend's classifier maps.
 */
import type { BackendType } from '../backend.js';
import type { Envelope, EnvelopeKek } from '../envelope.js';
import type { Suite } from '../../vrf/suite.js';

/** A freshly wrapped seed: what goes into the envelope. */
export interface WrappedSeed {
  kek: EnvelopeKek;
  wrapped: Uint8Array;
  /** Data bound to the wrapping (KMS encryption context), stored in the envelope. */
  context?: Record<string, string>;
}

/** A wrapped seed together with its plaintext (the caller zeroes `seed`). */
export interface GeneratedSeed extends WrappedSeed {
  seed: Uint8Array;
}

/** The cloud-specific half of a cloud envelope backend. */
export interface SeedWrapper {
  readonly backend: BackendType;
  /**
   * Creates a seed with the cloud's generator when it has one (KMS GenerateDataKey),
   * returning plaintext and wrapped form; absent = the backend draws a local CSPRNG seed
   * and calls {@link wrap}.
   */
  generate?(keyId: string, suite: Suite, signal: AbortSignal): Promise<GeneratedSeed>;
  /** Wraps `seed` (not zeroed here) for `keyId`/`suite`. */
  wrap(keyId: string, suite: Suite, seed: Uint8Array, signal: AbortSignal): Promise<WrappedSeed>;
  /** Unwraps the envelope's seed (a fresh buffer the caller zeroes). */
  unwrap(envelope: Envelope, signal: AbortSignal): Promise<Uint8Array>;
  /** A cheap authenticated call proving the key-encryption key is usable. */
  probe(signal: AbortSignal): Promise<void>;
  /** Releases SDK resources. */
  close(): Promise<void>;
}
