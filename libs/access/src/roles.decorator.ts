import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from './actor';

export const ROLES_KEY = 'lotstream:roles';

/**
 * Declares which roles may call a route (on a handler, or on a controller for all its handlers; the
 * handler's wins). The same roles must be in the route's row of ROUTE_POLICY.
 *
 *   @Post('lots') @Roles(...PRODUCTION_WRITERS) register(@CurrentActor() actor: Actor, ...)
 */
export const Roles = (...roles: Role[]): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No API key, or an unknown or revoked one.' }),
    ApiForbiddenResponse({ description: `Only for the roles: ${roles.join(', ')}.` }),
  );
