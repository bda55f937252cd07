/**
 * Authorization: every route declares who may call it (`config.access`), and one hook enforces it
 * before the request is parsed. A route without a declaration stops the node at start-up, so no
 * route is ever open by omission. Scope (which organisation, which region) is checked by the
 * service with `requireRole`, since only it knows which record is touched.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { eq, like, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { regionCovers, type RoleGrant, type StaffRole } from '@onewindow/domain';
import { ProblemError } from './errors.js';

export interface Actor {
  accountId: string;
  sessionId: string;
  kind: 'person' | 'staff';
  /** assurance level of the session */
  level: number;
  amr: string[];
  roles: RoleGrant[];
  passwordChangeRequired: boolean;
}

/**
 * Who may call a route.
 * - `public`: anyone (a session, if present, is still resolved)
 * - `person` / `staff` / `signedIn`: a session of that kind; `minLevel` for persons
 * - `roles`: a staff session holding one of the roles (anywhere; the service checks the scope)
 * - `bearer`: a machine client with a bearer token of that kind (`exchange`: the data-exchange
 *   gateway's consuming systems); no session is resolved, and the route checks the token itself
 */
export type Access =
  | { public: true }
  | { bearer: 'exchange' }
  | { signedIn: 'person' | 'staff' | 'any'; minLevel?: number }
  | { roles: readonly StaffRole[] };

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** callable while the account must still change an initial password (profile, the change itself, logout) */
    beforePasswordChange?: boolean;
  }
}

export const PUBLIC: Access = { public: true };
export const PERSON: Access = { signedIn: 'person' };
export const SIGNED_IN: Access = { signedIn: 'any' };
export const roles = (...r: StaffRole[]): Access => ({ roles: r });

export const unauthorized = () => new ProblemError(401, 'unauthorized', 'problem.unauthorized', [], 'problem.unauthorized.detail');
export const forbidden = () => new ProblemError(403, 'forbidden', 'problem.forbidden');

/** Does the actor hold the role over (organisation, region)? Region roles cover their sub-regions. */
export function holdsRole(actor: Actor | undefined, role: StaffRole, scope: { regionCode?: string; organisationId?: string } = {}): boolean {
  if (!actor || actor.kind !== 'staff') return false;
  return actor.roles.some(
    (g) =>
      g.role === role &&
      (scope.regionCode === undefined || regionCovers(g.regionCode, scope.regionCode)) &&
      (scope.organisationId === undefined || g.organisationId === null || g.organisationId === scope.organisationId),
  );
}

/** SQL: the region column lies in the scope (GB/T 2260: a province covers its prefix of 2, a city of 4), as {@link holdsRole} reads a grant. */
export function regionCoversSql(column: PgColumn, scope: string): SQL {
  if (scope.endsWith('0000')) return like(column, `${scope.slice(0, 2)}%`);
  if (scope.endsWith('00')) return like(column, `${scope.slice(0, 4)}%`);
  return eq(column, scope);
}

/** Throws 403 unless the actor holds one of the roles over the scope. */
export function requireRole(actor: Actor | undefined, allowed: readonly StaffRole[], scope: { regionCode?: string; organisationId?: string } = {}): Actor {
  if (!actor) throw unauthorized();
  if (!allowed.some((r) => holdsRole(actor, r, scope))) throw forbidden();
  return actor;
}

/** The signed-in actor of a route that declared an access other than public. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

function check(access: Access, actor: Actor | undefined): void {
  if ('public' in access || 'bearer' in access) return;
  if (!actor) throw unauthorized();
  if ('roles' in access) {
    if (actor.kind !== 'staff' || !actor.roles.some((g) => access.roles.includes(g.role))) throw forbidden();
    return;
  }
  if (access.signedIn !== 'any' && actor.kind !== access.signedIn) throw forbidden();
  if (access.minLevel !== undefined && actor.level < access.minLevel) {
    throw new ProblemError(403, 'level-required', 'problem.levelRequired', [], 'problem.levelRequired.detail', { requiredLevel: access.minLevel, currentLevel: actor.level });
  }
}

/**
 * Installs authorization on the app: resolves the session of every request, then enforces the
 * route's declared access. Cookie-authenticated state changes must come from the node's own origin.
 */
export function installAuthorization(
  app: FastifyInstance,
  opts: { resolve: (request: FastifyRequest) => Promise<Actor | undefined>; allowedOrigins: string[]; covered: (url: string) => boolean },
): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const url = route.url;
    if (!opts.covered(url)) return;
    if (!route.config?.access) throw new Error(`route ${String(route.method)} ${url} declares no access (config.access)`);
    const access = route.config.access;
    if ('bearer' in access) route.schema = { ...route.schema, security: [{ [`${access.bearer}Token`]: [] }] };
    else if (!('public' in access)) route.schema = { ...route.schema, security: [{ session: [] }] };
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    // machine clients carry their own bearer token, checked by the route: cookies play no part
    if (!access || 'bearer' in access) return;
    request.actor = await opts.resolve(request);
    if (request.actor && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const origin = request.headers.origin;
      if (origin && !opts.allowedOrigins.includes(origin) && origin !== `${request.protocol}://${request.host}`) {
        throw new ProblemError(403, 'cross-origin', 'problem.crossOrigin');
      }
    }
    check(access, request.actor);
    if (request.actor?.passwordChangeRequired && !('public' in access) && !request.routeOptions.config.beforePasswordChange) {
      throw new ProblemError(403, 'password-change-required', 'problem.passwordChangeRequired', [], 'problem.passwordChangeRequired.detail');
    }
  });
}
