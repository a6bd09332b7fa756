import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRole } from '../../platform/auth/actor.js';
import type { Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/**
 * Route guards, used as `preValidation` hooks so that an anonymous or unentitled caller is refused before its input is even validated. They check who the caller is; whether the caller may act
 * on a given unit is the service's job (`assertRoleOverUnit`), because only it knows the unit.
 */

/** Any signed-in user or API token; `unauthenticated` (401) otherwise. */
export async function requireActor(request: FastifyRequest, _reply?: FastifyReply): Promise<void> {
  if (!request.actor) throw new AppError('unauthenticated');
}

/** Staff, or a system integration acting with its grants; citizens get `forbidden`. */
export async function requireStaff(request: FastifyRequest, _reply?: FastifyReply): Promise<void> {
  if (!request.actor) throw new AppError('unauthenticated');
  if (request.actor.kind === 'citizen') throw new AppError('forbidden');
}

/** One of `roles` granted over some unit (deny by default); `forbidden` otherwise. */
export function requireRoles(
  ...roles: Role[]
): (request: FastifyRequest, reply?: FastifyReply) => Promise<void> {
  return async (request) => {
    if (!request.actor) throw new AppError('unauthenticated');
    if (!hasRole(request.actor, roles))
      throw new AppError('forbidden', { details: { requiredRoles: roles } });
  };
}
