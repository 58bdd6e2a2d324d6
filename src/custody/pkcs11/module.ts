/**
 * Loading a PKCS#11 module (shared library) once per process. Cryptoki allows one
 * C_Initialize per module per process, and login state is shared by every session of
 * the process, so backends that name the same module path share one loaded instance
 * (reference counted; C_Finalize when the last one closes).
 *
 * The module is initialised with CKF_OS_LOCKING_OK because pkcs11js runs the *Async
 * calls on libuv worker threads.
 */
import { accessSync, constants } from 'node:fs';
import pkcs11js from 'pkcs11js';
import { CKR, ckrOf, Pkcs11BackendError, Pkcs11ErrorCode } from './errors.js';

/** The pkcs11js module object (constants and the PKCS11 class). */
export const P11 = pkcs11js;

/** One loaded, initialised module. */
export interface LoadedModule {
  readonly path: string;
  readonly lib: pkcs11js.PKCS11;
}

interface Entry extends LoadedModule {
  refs: number;
  /** False when someone else in the process had already initialised it. */
  ownsInit: boolean;
}

const loaded = new Map<string, Entry>();

/**
 * Loads and initialises the module at `path`, or shares the instance already loaded.
 * PKCS11_MODULE_NOT_FOUND when the file is missing, not readable or not a PKCS#11
 * module; BACKEND_UNAVAILABLE when C_Initialize fails.
 */
export function acquireModule(path: string): LoadedModule {
  const existing = loaded.get(path);
  if (existing) {
    existing.refs++;
    return existing;
  }
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new Pkcs11BackendError(Pkcs11ErrorCode.MODULE_NOT_FOUND, `PKCS#11 module ${path} does not exist or is not readable`);
  }
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(path);
  } catch (err) {
    const first = err instanceof Error ? (err.message.split('\n')[0] ?? '') : '';
    throw new Pkcs11BackendError(
      Pkcs11ErrorCode.MODULE_NOT_FOUND,
      `cannot load ${path} as a PKCS#11 module${first ? `: ${first.replace(path, '').replace(/^[:\s]+/, '')}` : ''}`,
    );
  }
  let ownsInit = true;
  try {
    lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (err) {
    if (ckrOf(err) === CKR.CRYPTOKI_ALREADY_INITIALIZED) {
      ownsInit = false;
    } else {
      try {
        lib.close();
      } catch {
        /* already failing */
      }
      throw new Pkcs11BackendError('BACKEND_UNAVAILABLE', `C_Initialize of ${path} failed`, ckrOf(err));
    }
  }
  const entry: Entry = { path, lib, refs: 1, ownsInit };
  loaded.set(path, entry);
  return entry;
}

/** Drops one reference; the last one finalises and unloads the module. Never throws. */
export function releaseModule(module: LoadedModule): void {
  const entry = loaded.get(module.path);
  if (!entry || entry.lib !== module.lib) return;
  entry.refs--;
  if (entry.refs > 0) return;
  loaded.delete(module.path);
  try {
    if (entry.ownsInit) entry.lib.C_Finalize();
  } catch {
    /* best effort */
  }
  try {
    entry.lib.close();
  } catch {
    /* best effort */
  }
}
