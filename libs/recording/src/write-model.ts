import { Command } from '@nestjs/cqrs';
import type { Actor, Role } from '@lotstream/access';
import type { EventToAppend } from '@lotstream/event-store';
import type { DomainEvent, LoadedStream, Rejection } from '@lotstream/domain';
import type { CommandType } from './command-dispatch';

// The loaded stream and its memoised fold are part of the pure decider kit (@lotstream/domain).
export { foldStream } from '@lotstream/domain';
export type { LoadedStream } from '@lotstream/domain';

/**
 * Where handlers read streams from. A single request reads the store; a batch reads through a view
 * that also holds what earlier items of the same batch decided, so item 7 sees the lot item 3 registered.
 */
export interface StreamView {
  load(streamId: string): Promise<LoadedStream>;
  /** Reads these streams ahead (one query where the view can), so the loads that follow need not read the store each. */
  prefetch?(streamIds: Iterable<string>): Promise<void>;
}

/** One stream's share of a decision: the events, and the version the stream stood at when decided. */
export interface PlannedAppend {
  streamId: string;
  expectedVersion: number;
  /** Site of the stream, recorded in each event's metadata. */
  siteId: string;
  events: EventToAppend[];
}

/**
 * What a handler decided: the appends (the first one is on the stream the command addresses; more
 * than one are written all or nothing), or why the command was refused. `reply` adds fields to this
 * answer only (a one-time enrolment token): it is not stored, so a replay by Idempotency-Key omits it.
 */
export type Plan = { appends: PlannedAppend[]; reply?: Record<string, unknown> } | Rejection | RecordedRefusal;

/**
 * A refusal that still leaves a trace elsewhere: a signature with a wrong password refuses the
 * signed command (nothing of it is stored) but records the failed attempt on the signer's stream
 * (21 CFR 11.300(d)). `record` is appended on its own, never with the refused command's idempotency key.
 */
export interface RecordedRefusal extends Rejection {
  record: PlannedAppend[];
}

export const isRecordedRefusal = (plan: Plan): plan is RecordedRefusal => 'record' in plan && Array.isArray((plan as RecordedRefusal).record);

/**
 * Base of every write command sent on the command bus: the validated payload plus what the handler
 * needs around it. Time comes in with the command (`now`, from the application clock).
 */
export abstract class RecordingCommand<P> extends Command<Plan> {
  constructor(
    readonly payload: P,
    readonly view: StreamView,
    readonly actor: Actor,
    readonly now: string,
  ) {
    super();
  }
}

/** A path parameter of a command's route, as the OpenAPI document describes it. */
export interface CommandRouteParam {
  name: string;
  example: string;
  description?: string;
}

/**
 * The one declaration of a write command, in its use-case folder. Everything else is derived from
 * it: the HTTP route (`@CommandRoute`: POST path, roles, OpenAPI operation), the route's row of the
 * access policy, and the batch/Kafka catalog entry (payload validated exactly like the HTTP body,
 * the bus command that carries it, who may send it, which streams it reads).
 */
export interface CommandDefinition<P extends object = any> {
  type: CommandType;
  /** The whole payload of a batch item or Kafka message: the HTTP body plus the route's path ids. */
  payload: new () => P;
  /** The HTTP body, when the route carries part of the payload in its path; else the payload itself. */
  body?: new () => object;
  command: new (payload: P, view: StreamView, actor: Actor, now: string) => RecordingCommand<P>;
  roles: readonly Role[];
  route: {
    /** `/v1/lots/{lotNumber}/splits`; `{name}` parameters are payload fields. */
    path: string;
    /** POST unless told: a PUT sets a whole resource (a site's policy). */
    method?: 'POST' | 'PUT';
    params?: readonly CommandRouteParam[];
  };
  /** The OpenAPI text of the route. */
  api: { summary: string; description?: string; event: string; example: object };
  /** The stream the command addresses (If-Match applies to it). */
  streamOf(payload: P): string;
  /** Other streams the handler will read (input lot, gauge), so a batch can load them ahead. */
  reads?(payload: P): string[];
}

/** Declares a command with its payload type inferred, so streamOf/reads see the payload's fields. */
export function defineCommand<P extends object>(definition: CommandDefinition<P>): CommandDefinition<P> {
  return definition;
}

/**
 * The append for one loaded stream: its events stamped with the time of the fact, expected at the
 * version the decision was made on.
 */
export function appendTo(
  stream: LoadedStream,
  siteId: string,
  events: DomainEvent[],
  occurredAt: string,
  schemaVersions: Record<string, number> = {},
): PlannedAppend {
  return {
    streamId: stream.streamId,
    expectedVersion: stream.version,
    siteId,
    events: events.map((event) => ({
      type: event.type,
      ...(schemaVersions[event.type] ? { schemaVersion: schemaVersions[event.type] } : {}),
      data: event.data as Record<string, unknown>,
      occurredAt,
    })),
  };
}
