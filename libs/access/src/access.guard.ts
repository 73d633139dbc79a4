import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { IS_PUBLIC, KEY_OPTIONAL, problem, ProblemError } from '@lotstream/platform';
import type { Role } from './actor';
import { AccessService } from './api-keys/access.service';
import { ACTOR_PROPERTY } from './current-actor.decorator';
import { ROLES_KEY } from './roles.decorator';
import { policyKey, ROUTE_POLICY } from './route-policy';

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Global guard (APP_GUARD) of every Nest route: @Public() routes pass, and @KeyOptional() ones when
 * no Authorization header is sent; others need a valid,
 * unrevoked key (else 401 with WWW-Authenticate) whose role the route allows (else 403). A route's
 * roles are its @Roles(...) metadata, or else its row of ROUTE_POLICY; a route with neither is
 * refused to everyone (fail closed). Site scope (404) is the handler's part: assertSiteVisible.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();

    const presented = BEARER.exec(request.headers.authorization ?? '')?.[1];
    // A key-optional route with no Authorization header at all: its body carries its credential.
    if (request.headers.authorization === undefined && this.reflector.getAllAndOverride<boolean>(KEY_OPTIONAL, targets)) return true;
    if (!presented) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="lotstream"');
      throw new ProblemError(problem(401, 'unauthenticated', 'This route needs an API key: send "Authorization: Bearer <api-key>".'));
    }
    const actor = await this.access.authenticate(presented);
    if (!actor) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="lotstream", error="invalid_token"');
      throw new ProblemError(problem(401, 'invalid-api-key', 'The API key is unknown or has been revoked.'));
    }
    (request as unknown as Record<string, unknown>)[ACTOR_PROPERTY] = actor;

    const route = policyKey(request.method === 'HEAD' ? 'GET' : request.method, (request.route as { path?: string } | undefined)?.path ?? request.path);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? ROUTE_POLICY[route];
    if (!roles) {
      throw new ProblemError(problem(403, 'no-access-policy', `No role may call ${route} yet: it has no access policy.`));
    }
    if (!roles.includes(actor.role)) {
      throw new ProblemError(problem(403, 'role-forbidden', `The role "${actor.role}" may not call ${route}.`, { role: actor.role }));
    }
    return true;
  }
}
