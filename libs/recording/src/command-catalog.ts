import { Injectable } from '@nestjs/common';
import { policyKey, type CommandRoutePolicy, type Role } from '@lotstream/access';
import type { CommandDefinition } from './write-model';

/**
 * Every write command type the service knows. Each context module registers its definitions when
 * it is created, so the batch route and the Kafka intake reach every context without importing them.
 */
@Injectable()
export class CommandCatalog implements CommandRoutePolicy {
  private readonly definitions = new Map<string, CommandDefinition>();

  register(definitions: CommandDefinition[]): void {
    for (const definition of definitions) {
      if (this.definitions.has(definition.type)) throw new Error(`command type ${definition.type} registered twice`);
      this.definitions.set(definition.type, definition);
    }
  }

  get(type: string): CommandDefinition | undefined {
    return this.definitions.get(type);
  }

  types(): string[] {
    return [...this.definitions.keys()];
  }

  /** The access-policy rows of the write routes: `POST /v1/lots/{lotNumber}/splits` → the command's roles. */
  routePolicy(): Record<string, readonly Role[]> {
    const rows: Record<string, readonly Role[]> = {};
    for (const definition of this.definitions.values()) rows[policyKey(definition.route.method ?? 'POST', definition.route.path)] = definition.roles;
    return rows;
  }
}
