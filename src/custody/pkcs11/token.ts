/**
 * One token, found by label, with a pool of logged-in sessions.
 *
 * - The slot is looked up by token label on first use and again after a device or
 *   session failure (slot ids change across restarts and re-plugs; labels do not).
 * - Sessions are opened read-write on demand up to `maxSessions`; callers beyond that
 *   wait for one to be released. A session is used by one operation at a time (find
 *   operations and multi-step crypto keep state per session).
 * - Before each operation the session state is checked (C_GetSessionInfo) and the user
 *   logs in again when the login was lost (another component logged out, the token
 *   restarted). After CKR_USER_NOT_LOGGED_IN or a lost object handle the operation is
 *   retried once after logging in; after a session or device error (CKR_SESSION_*,
 *   CKR_DEVICE_*, CKR_TOKEN_NOT_PRESENT) every session is dropped, the slot is found
 *   again, and the operation is retried once.
 * - A refused PIN is never retried (it would burn the token's retry counter); it is
 *   reported through `onLoginFailure` and thrown as PKCS11_PIN_INCORRECT.
 */
import { CustodyErrorCode } from '../errors.js';
import { CKR, ckrOf, mapPkcs11Error, Pkcs11BackendError, Pkcs11ErrorCode, RECONNECT_CODES, RELOGIN_CODES } from './errors.js';
import { acquireModule, P11, releaseModule, type LoadedModule } from './module.js';

/** A PKCS#11 session handle as pkcs11js represents it. */
export type SessionHandle = Buffer;

/** Settings of a {@link Pkcs11Token}. */
export interface TokenOptions {
  /** Path of the PKCS#11 module. */
  module: string;
  /** Token label; null takes the first slot with a token (single-slot HSMs such as CloudHSM). */
  tokenLabel: string | null;
  /** The user PIN as UTF-8 bytes; the token owns it and zeroes it on close. */
  pin: Uint8Array;
  /** Most sessions open at once (default 4). */
  maxSessions?: number;
  /** Called (and awaited) when C_Login refuses the PIN, with the error code. */
  onLoginFailure?: (code: string) => Promise<void>;
}

interface PooledSession {
  handle: SessionHandle;
  generation: number;
}

/** CKS_RO_USER_FUNCTIONS, CKS_RW_USER_FUNCTIONS (PKCS#11 §5.6). */
const USER_STATES = new Set([1, 3]);

/** A token with a session pool; see the module comment. */
export class Pkcs11Token {
  /** The loaded module (its `lib` gives raw Cryptoki access). */
  readonly module: LoadedModule;
  private readonly label: string | null;
  private readonly pin: Uint8Array;
  private readonly maxSessions: number;
  private readonly onLoginFailure: ((code: string) => Promise<void>) | undefined;
  private slotHandle: Buffer | null = null;
  private generation = 0;
  private idle: PooledSession[] = [];
  private openCount = 0;
  private waiters: Array<(s: PooledSession | Error) => void> = [];
  private closed = false;
  /** How many times the pool logged in again or reconnected (for health and tests). */
  recoveries = 0;

  /** Loads the module; does not touch the token yet (see {@link open}). */
  constructor(opts: TokenOptions) {
    this.module = acquireModule(opts.module);
    this.label = opts.tokenLabel;
    this.pin = opts.pin;
    this.maxSessions = Math.max(1, opts.maxSessions ?? 4);
    this.onLoginFailure = opts.onLoginFailure;
  }

  private get lib() {
    return this.module.lib;
  }

  /** The current slot handle (finding the token by label when needed). PKCS11_TOKEN_NOT_FOUND. */
  slot(): Buffer {
    if (this.slotHandle) return this.slotHandle;
    let slots: Buffer[];
    try {
      slots = this.lib.C_GetSlotList(true);
    } catch (err) {
      throw mapPkcs11Error(err, 'C_GetSlotList');
    }
    const labels: string[] = [];
    for (const s of slots) {
      let label: string;
      try {
        label = this.lib.C_GetTokenInfo(s).label.replace(/[\s\0]+$/, '');
      } catch {
        continue; // token removed between the two calls
      }
      labels.push(label);
      if (this.label === null || label === this.label) {
        this.slotHandle = s;
        return s;
      }
    }
    const wanted = this.label === null ? 'any token' : `a token labelled "${this.label}"`;
    const seen = labels.length === 0 ? 'no token is present' : `tokens present: ${labels.map((l) => JSON.stringify(l)).join(', ')}`;
    throw new Pkcs11BackendError(Pkcs11ErrorCode.TOKEN_NOT_FOUND, `no slot holds ${wanted} (${seen})`);
  }

  /** Finds the token and logs in once, so a wrong PIN or missing token fails at start-up. */
  async open(): Promise<void> {
    await this.run('open', () => undefined);
  }

  private async login(handle: SessionHandle): Promise<void> {
    const pinText = new TextDecoder().decode(this.pin);
    try {
      this.lib.C_Login(handle, P11.CKU_USER, pinText);
    } catch (err) {
      const ckr = ckrOf(err);
      if (ckr === CKR.USER_ALREADY_LOGGED_IN) return;
      const mapped = mapPkcs11Error(err, 'C_Login');
      if (mapped.code === Pkcs11ErrorCode.PIN_INCORRECT || mapped.code === Pkcs11ErrorCode.PIN_LOCKED) {
        await this.onLoginFailure?.(mapped.code);
      }
      throw mapped;
    }
  }

  private async ensureLoggedIn(handle: SessionHandle): Promise<void> {
    const info = this.lib.C_GetSessionInfo(handle);
    if (!USER_STATES.has(info.state)) await this.login(handle);
  }

  private acquire(): Promise<PooledSession> {
    if (this.closed) return Promise.reject(new Pkcs11BackendError(CustodyErrorCode.BACKEND_UNAVAILABLE, 'the PKCS#11 backend is closed'));
    const s = this.idle.pop();
    if (s) return Promise.resolve(s);
    if (this.openCount < this.maxSessions) {
      try {
        return Promise.resolve(this.openSession());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise((resolve, reject) => {
      this.waiters.push((v) => (v instanceof Error ? reject(v) : resolve(v)));
    });
  }

  private openSession(): PooledSession {
    const slot = this.slot();
    let handle: SessionHandle;
    try {
      handle = this.lib.C_OpenSession(slot, P11.CKF_SERIAL_SESSION | P11.CKF_RW_SESSION);
    } catch (err) {
      const ckr = ckrOf(err);
      if (ckr !== undefined && RECONNECT_CODES.has(ckr)) this.slotHandle = null;
      throw mapPkcs11Error(err, 'C_OpenSession');
    }
    this.openCount++;
    return { handle, generation: this.generation };
  }

  private release(s: PooledSession): void {
    if (this.closed || s.generation !== this.generation) {
      this.discard(s);
      return;
    }
    const w = this.waiters.shift();
    if (w) w(s);
    else this.idle.push(s);
  }

  private discard(s: PooledSession): void {
    try {
      this.lib.C_CloseSession(s.handle);
    } catch {
      /* already closed or gone with the device */
    }
    this.openCount--;
    const w = this.waiters.shift();
    if (w) {
      if (this.closed) w(new Pkcs11BackendError(CustodyErrorCode.BACKEND_UNAVAILABLE, 'the PKCS#11 backend is closed'));
      else {
        try {
          w(this.openSession());
        } catch (err) {
          w(err instanceof Error ? err : new Error(String(err)));
        }
      }
    }
  }

  /** Drops every pooled session and forgets the slot (it is looked up again). */
  private reset(): void {
    this.generation++;
    const idle = this.idle;
    this.idle = [];
    for (const s of idle) this.discard(s);
    this.slotHandle = null;
  }

  /**
   * Runs `fn` with a logged-in session from the pool, retrying once after re-login or
   * reconnect as described in the module comment. Errors come out mapped to coded
   * errors (never a raw Pkcs11Error).
   */
  async run<T>(operation: string, fn: (session: SessionHandle) => T | Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const s = await this.acquire().catch((err: unknown) => {
        throw mapPkcs11Error(err, operation);
      });
      try {
        await this.ensureLoggedIn(s.handle);
        const result = await fn(s.handle);
        this.release(s);
        return result;
      } catch (err) {
        const ckr = ckrOf(err);
        if (ckr !== undefined && RECONNECT_CODES.has(ckr)) {
          this.discard(s);
          this.reset();
          if (attempt === 0 && !this.closed) {
            this.recoveries++;
            continue;
          }
        } else {
          this.release(s);
          if (attempt === 0 && ckr !== undefined && RELOGIN_CODES.has(ckr) && !this.closed) {
            this.recoveries++;
            continue;
          }
        }
        throw mapPkcs11Error(err, operation);
      }
    }
  }

  /** Closes every session (which logs the process out of the token), zeroes the PIN, releases the module. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.generation++;
    for (const s of this.idle.splice(0)) this.discard(s);
    for (const w of this.waiters.splice(0)) {
      w(new Pkcs11BackendError(CustodyErrorCode.BACKEND_UNAVAILABLE, 'the PKCS#11 backend is closed'));
    }
    this.pin.fill(0);
    releaseModule(this.module);
  }
}
