/**
 * The auditing wrapper openBackend puts around every backend: each key operation
 * (generate, import, prove, delete) is recorded with its result or error code after it
 * completes. When the record cannot be written the operation fails closed with
 * AUDIT_UNAVAILABLE (a proof is never returned unaudited).
 */
import type { ImportSource, KeyBackend, KeyMetadata, KeyOptions, ProveResult } from '../backend.js';
import type { AuditEvent, AuditOperation, AuditSink } from '../context.js';
import { CardanoVrfError } from '../../vrf/errors.js';
import type { Suite } from '../../vrf/suite.js';

function codeOf(err: unknown): string {
  return err instanceof CardanoVrfError ? err.code : 'INTERNAL_ERROR';
}

/** A KeyBackend whose key operations are recorded in an audit sink. */
export class AuditedBackend implements KeyBackend {
  readonly type: KeyBackend['type'];

  /** `actor` is written to every record this view makes (see {@link withActor}). */
  constructor(
    readonly inner: KeyBackend,
    readonly audit: AuditSink,
    readonly actor?: string,
    private readonly onClose?: () => Promise<void>,
  ) {
    this.type = inner.type;
  }

  /**
   * A view of the same backend recording `actor` (e.g. an authenticated service client)
   * in its records. Closing a view does nothing: the backend belongs to its opener.
   */
  withActor(actor: string): AuditedBackend {
    const view = new AuditedBackend(this.inner, this.audit, actor);
    view.isView = true;
    return view;
  }

  private isView = false;

  /** Records an event with this view's actor (for CLI-level operations such as backup/restore). */
  record(event: AuditEvent): Promise<void> {
    return this.audit.record({ ...(this.actor ? { actor: this.actor } : {}), ...event });
  }

  private async run<T>(operation: AuditOperation, keyId: string | undefined, alpha: Uint8Array | undefined, fn: () => Promise<T>, detail?: (v: T) => AuditEvent['detail']): Promise<T> {
    const base = { operation, ...(keyId !== undefined ? { keyId } : {}), ...(alpha ? { alpha } : {}) };
    let value: T;
    try {
      value = await fn();
    } catch (err) {
      await this.record({ ...base, result: 'failure', code: codeOf(err) }).catch(() => undefined);
      throw err;
    }
    const d = detail?.(value);
    await this.record({ ...base, result: 'ok', ...(d ? { detail: d } : {}) });
    return value;
  }

  generateKey(keyId: string, opts?: KeyOptions): Promise<KeyMetadata> {
    return this.run('generate', keyId, undefined, () => this.inner.generateKey(keyId, opts), (m) => ({ suite: m.suite, backend: m.backend }));
  }

  importKey(keyId: string, source: ImportSource, opts?: KeyOptions): Promise<KeyMetadata> {
    return this.run('import', keyId, undefined, () => this.inner.importKey(keyId, source, opts), (m) => ({ suite: m.suite, backend: m.backend }));
  }

  getKey(keyId: string): Promise<KeyMetadata> {
    return this.inner.getKey(keyId);
  }

  publicKey(keyId: string): Promise<Uint8Array> {
    return this.inner.publicKey(keyId);
  }

  listKeys(): Promise<KeyMetadata[]> {
    return this.inner.listKeys();
  }

  deleteKey(keyId: string, opts: { confirm: boolean }): Promise<void> {
    return this.run('delete', keyId, undefined, () => this.inner.deleteKey(keyId, opts));
  }

  prove(keyId: string, alpha: Uint8Array, suite?: Suite): Promise<ProveResult> {
    return this.run('prove', keyId, alpha, () => this.inner.prove(keyId, alpha, suite), () => (suite ? { suite } : undefined));
  }

  health() {
    return this.inner.health();
  }

  async close(): Promise<void> {
    if (this.isView) return;
    try {
      await this.inner.close();
    } finally {
      await this.onClose?.();
    }
  }
}
