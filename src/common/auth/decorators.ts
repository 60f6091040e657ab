import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../http/request-context.js';
import type { AuthUser } from './auth-user.js';
import type { Role } from './roles.js';

export const IS_PUBLIC_KEY = 'auth:isPublic';
export const ROLES_KEY = 'auth:roles';

/** Opens a route to callers without a token. Every other route needs one (deny by default). */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiExtension('x-public', true));

/** Restricts a route to the given roles (documented in OpenAPI as x-roles with a 403 response). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));

/**
 * Marks a controller or route as needing any logged-in caller. It changes
 * nothing at run time (every route needs a token unless it is @Public()); it
 * makes the intent explicit where no @Roles() says it.
 */
export const Authenticated = (): MethodDecorator & ClassDecorator => applyDecorators();

/** The authenticated caller (or undefined on a public route called anonymously). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser | undefined => {
  const request = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  return request.user;
});

/**
 * Where the request comes from (its id and client, and the caller once
 * authenticated), for what a public route changes; an authenticated caller's
 * changes use `AuthUser.origin`.
 */
export const RequestOrigin = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): RequestContext => ctx.switchToHttp().getRequest<FastifyRequest>().ctx,
);
