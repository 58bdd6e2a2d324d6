/**
 * Authentication and authorisation for a route: 401 AUTH_MISSING / AUTH_INVALID with a
 * `WWW-Authenticate: Bearer` challenge, 403 AUTH_FORBIDDEN when the token lacks the
 * role. Every failure is counted and audited (operation `auth`, never the token).
 */
import { authenticate, hasRole } from '../auth.js';
import type { Role } from '../config.js';
import { ServiceError, ServiceErrorCode as C } from '../errors.js';
import type { RequestContext } from './context.js';

/** Throws unless the request carries a token holding one of `roles`. */
export async function requireRole(ctx: RequestContext, roles: Role[]): Promise<void> {
  const result = authenticate(ctx.req.headers.authorization, ctx.state.config.tokens);
  const remote = ctx.req.socket.remoteAddress ?? 'unknown';
  if (!result.ok) {
    ctx.rt.metrics.authFailed(result.reason);
    await ctx.rt.audit
      .record({ operation: 'auth', result: 'failure', code: result.reason === 'missing' ? C.AUTH_MISSING : C.AUTH_INVALID, actor: `http:${remote}`, detail: { reason: result.reason, path: ctx.url.pathname.slice(0, 128) } })
      .catch(() => undefined);
    const challenge = { 'www-authenticate': 'Bearer realm="cardano-vrf"' };
    if (result.reason === 'missing') throw new ServiceError(401, C.AUTH_MISSING, 'this endpoint needs Authorization: Bearer <token>', challenge);
    throw new ServiceError(401, C.AUTH_INVALID, 'the bearer token is not valid', { 'www-authenticate': 'Bearer realm="cardano-vrf", error="invalid_token"' });
  }
  ctx.token = result.token;
  if (!roles.some((r) => hasRole(result.token, r))) {
    ctx.rt.metrics.authFailed('forbidden');
    await ctx.rt.audit
      .record({ operation: 'auth', result: 'failure', code: C.AUTH_FORBIDDEN, actor: result.token.name, detail: { path: ctx.url.pathname.slice(0, 128), needs: roles.join('|') } })
      .catch(() => undefined);
    throw new ServiceError(403, C.AUTH_FORBIDDEN, `token "${result.token.name}" lacks the role ${roles.join(' or ')}`);
  }
}
