import { applyDecorators, Post, Put } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { Roles } from '@lotstream/access';
import type { CommandDefinition } from '../write-model';
import { ApiWrite } from './api-write';

/**
 * The HTTP route of a write command, from its definition: POST (or PUT) on its path, its roles, its path
 * parameters and its OpenAPI operation. The controller method only hands the body and path ids to
 * the CommandWriter.
 */
export function CommandRoute(definition: CommandDefinition): MethodDecorator {
  const { route, api } = definition;
  const params = (route.params ?? []).map((param) => ApiParam(param));
  // Applied in the order the hand-written stacks ran (bottom up), so the document lists parameters
  // and responses as before.
  return applyDecorators(
    ApiWrite({ ...api, body: definition.body ?? definition.payload }),
    ...params.reverse(),
    (route.method === 'PUT' ? Put : Post)(expressPath(route.path)),
    Roles(...definition.roles),
  );
}

/** `/v1/lots/{lotNumber}/splits` → `/v1/lots/:lotNumber/splits`, as Express declares parameters. */
function expressPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}
