import { Injectable, Logger, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import { IS_PUBLIC, KEY_OPTIONAL } from '@lotstream/platform';
import type { Role } from './actor';
import { ROLES_KEY } from './roles.decorator';
import { COMMAND_ROUTE_POLICY, CommandRoutePolicy, policyKey, ROUTE_POLICY } from './route-policy';

/** One route of the running app, as Nest registered it, with what the guard will enforce. */
export interface CatalogRoute {
  /** `GET /v1/lots/{lotNumber}`: the policy key. */
  key: string;
  method: string;
  path: string;
  controller: string;
  handler: string;
  isPublic: boolean;
  /** @KeyOptional(): answers past the guard without an Authorization header; a presented key is checked. */
  keyOptional: boolean;
  /** From @Roles on the handler, else on the controller. */
  declaredRoles?: Role[];
  policyRoles?: readonly Role[];
}

/**
 * Lists the app's routes from Nest's own metadata (controllers found by DiscoveryService), so the
 * route × role matrix test and the start-up check see exactly what is served.
 */
@Injectable()
export class RouteCatalog implements OnApplicationBootstrap {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** ROUTE_POLICY plus the rows the command definitions derive for their routes. */
  policy(): Record<string, readonly Role[]> {
    let commands: CommandRoutePolicy | undefined;
    try {
      commands = this.moduleRef.get<CommandRoutePolicy>(COMMAND_ROUTE_POLICY, { strict: false });
    } catch {
      // An app without the write pipeline has no command routes.
    }
    return { ...ROUTE_POLICY, ...commands?.routePolicy() };
  }

  routes(): CatalogRoute[] {
    const policy = this.policy();
    const routes: CatalogRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller || !wrapper.instance) continue;
      const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPaths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]) ?? false;
        const keyOptional = this.reflector.getAllAndOverride<boolean>(KEY_OPTIONAL, [handler, controller]) ?? false;
        const declaredRoles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [handler, controller]);
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined)) {
          for (const sub of asList(methodPaths)) {
            const key = policyKey(method, `${base}/${sub}`);
            routes.push({
              key,
              method,
              path: key.slice(method.length + 1),
              controller: controller.name,
              handler: name,
              isPublic,
              keyOptional,
              declaredRoles,
              policyRoles: policy[key],
            });
          }
        }
      }
    }
    return routes.sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Says at start which routes nobody can call, or whose @Roles disagree with ROUTE_POLICY. */
  onApplicationBootstrap(): void {
    for (const route of this.routes()) {
      if (route.isPublic) continue;
      if (!route.policyRoles) {
        this.logger.error(
          `${route.key} (${route.controller}.${route.handler}) has no row in ROUTE_POLICY (libs/access/src/route-policy.ts) nor a command definition`,
        );
      } else if (route.declaredRoles && !sameRoles(route.declaredRoles, route.policyRoles)) {
        this.logger.error(`${route.key}: @Roles(${route.declaredRoles.join(', ')}) differs from ROUTE_POLICY (${route.policyRoles.join(', ')})`);
      }
    }
  }
}

export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((role, i) => role === right[i]);
}

function asList(path: string | string[] | undefined): string[] {
  if (path === undefined) return [''];
  return Array.isArray(path) ? path : [path];
}
