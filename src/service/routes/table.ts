/** The route table and a matcher for `/segment/:param/...` paths. */
import type { Route } from './context.js';
import { metrics, reload } from './admin.js';
import { healthHsm, upcheck } from './health.js';
import { getKey, listKeys } from './keys.js';
import { provePraos, proveRaw } from './prove.js';

/** Every route of the API. */
export const ROUTES: Route[] = [
  { method: 'GET', path: '/upcheck', role: null, handler: upcheck },
  { method: 'GET', path: '/health/hsm', role: ['metrics', 'prover', 'officer'], handler: healthHsm },
  { method: 'GET', path: '/metrics', role: 'metrics', handler: metrics },
  { method: 'GET', path: '/v1/keys', role: ['prover', 'officer'], handler: listKeys },
  { method: 'GET', path: '/v1/keys/:id', role: ['prover', 'officer'], handler: getKey },
  { method: 'POST', path: '/v1/keys/:id/prove', role: 'prover', handler: proveRaw },
  { method: 'POST', path: '/v1/keys/:id/praos/prove', role: 'prover', handler: provePraos },
  { method: 'POST', path: '/v1/reload', role: 'officer', handler: reload },
];

/** Matches `pathname` against a pattern; null when it does not match. Params are URI-decoded. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = pathname.split('/');
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      if (s[i].length === 0) return null;
      let v: string;
      try {
        v = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
      params[p[i].slice(1)] = v;
    } else if (p[i] !== s[i]) return null;
  }
  return params;
}
