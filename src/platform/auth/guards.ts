import type { FastifyRequest } from 'fastify';
import type { Actor } from '../db/tenancy.ts';
import { unauthorized } from '../http/errors.ts';

export type UserActor = Extract<Actor, { kind: 'user' }>;

/** The signed-in professional, or a 401 (HTML requests are sent to the login page by the error handler). */
export function requireUser(request: FastifyRequest): UserActor {
  if (request.actor.kind !== 'user') throw unauthorized();
  return request.actor;
}
