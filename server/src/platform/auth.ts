/**
 * Interim authorisation of catalogue administration: a static bearer token from configuration.
 * Replaced by unified identity with staff roles (统一身份认证) in a later release.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from './errors.js';

export interface Actor {
  id: string;
  roles: string[];
}

function digest(s: string) {
  return createHash('sha256').update(s).digest();
}

export function makeAdminGuard(token: string | undefined) {
  const expected = token ? digest(token) : undefined;
  return async function requireCatalogueAdmin(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) throw new ProblemError(401, 'unauthorized', 'problem.unauthorized', [], 'problem.unauthorized.detail');
    if (!expected || !timingSafeEqual(digest(m[1]!.trim()), expected)) {
      throw new ProblemError(403, 'forbidden', 'problem.forbidden');
    }
    request.actor = { id: 'catalogue-admin', roles: ['catalogue_admin'] };
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}
