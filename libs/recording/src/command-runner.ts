import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@lotstream/access';
import { AppendOutcome, AppendRequest, IdempotencyClaim, IdempotencyKeyReused, EventStore, WrongExpectedVersion } from '@lotstream/event-store';
import { CLOCK, Clock, EVENT_STORE, problem, ProblemError, toProblem } from '@lotstream/platform';
import type { CommandContext, CommandResult } from './command-dispatch';
import { CommandCatalog } from './command-catalog';
import { admit, isAdmitted, isValidIdempotencyKey } from './admission';
import { isRejection, Rejection } from './domain/decider';
import { answerFromStored, failed, rejected, storeConflict, written } from './outcomes';
import { namespacedKey, requestHash } from './request-hash';
import { StreamCache } from './stream-cache';
import { StoreView } from './stream-view';
import { isRecordedRefusal } from './write-model';
import type { CommandDefinition, LoadedStream, Plan, PlannedAppend, RecordedRefusal, StreamView } from './write-model';

/**
 * The payload as the idempotency fingerprint covers it: secrets (a signing password, an enrolment
 * token) left out, since the fingerprint is stored and a fast SHA-256 of a password could be searched
 * offline. A replay by key appends nothing, so leaving them out lets no one sign anything.
 */
function withoutSecrets(payload: object): object {
  const { password: _password, enrolmentToken: _token, signature, ...rest } = payload as Record<string, unknown>;
  if (signature && typeof signature === 'object') {
    const { password: _signaturePassword, ...claim } = signature as Record<string, unknown>;
    return { ...rest, signature: claim };
  }
  return rest;
}

/** One item of POST /v1/batch (and of a Kafka message): raw, validated here. */
export interface RawCommand {
  type: unknown;
  idempotencyKey?: unknown;
  payload: unknown;
}

/**
 * The write pipeline every command goes through, whatever door it came in by:
 * idempotency answer → load → decide (the context's command handler, on the command bus) →
 * If-Match → append with the versions the decision was made on, with actor, site, correlation
 * id and idempotency key in the metadata of every event.
 */
/** Decisions of one command (the first and its re-decisions after another writer moved the stream). */
const MAX_DECISIONS = 16;

function isVersionConflict(result: CommandResult): boolean {
  return result.status === 409 && typeof result.body.type === 'string' && result.body.type.endsWith('/wrong-expected-version');
}

@Injectable()
export class CommandRunner {
  private readonly logger = new Logger('CommandRunner');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commandBus: CommandBus,
    private readonly catalog: CommandCatalog,
  ) {}

  /** Streams this process wrote last (see StreamCache); single commands only. */
  private readonly streams = new StreamCache();

  /** One command whose payload is already valid (by the HTTP pipe or by `admit`). */
  async run(type: string, payload: object, context: CommandContext): Promise<CommandResult> {
    const definition = this.catalog.get(type);
    if (!definition) throw new Error(`no command definition for ${type}`);
    const claim = this.claim(type, payload, context.actor, context.idempotencyKey);
    const storedAnswer = async (): Promise<CommandResult | undefined> => {
      const stored = claim && (await this.store.findIdempotent(claim.key));
      return stored ? answerFromStored(stored, claim.requestHash) : undefined;
    };
    const earlier = await storedAnswer();
    if (earlier) return earlier;
    // A stream this process wrote a moment ago is decided on as it left it (not with If-Match, which
    // must compare with the store). Anything but a write on it is decided again on the store's stream:
    // another process may have moved it, and the conditional append or a rule would then answer for
    // a state that is not the latest.
    const streamId = definition.streamOf(payload);
    const cached = context.expectedVersion === undefined ? this.streams.get(streamId) : undefined;
    if (cached) {
      const first = await this.decideAndAppend(definition, payload, context, claim, cached);
      if (first.status === 201) return first;
      this.streams.forget([streamId]);
    }
    for (let attempt = 1; ; attempt++) {
      const result = await this.decideAndAppend(definition, payload, context, claim);
      if (result.status !== 409) return result;
      // A conflict may be this very request having landed meanwhile through another door (a retry
      // racing the original, the same command in a batch): its key is stored now, and so is its answer.
      // (Had the key been stored before this append, the store itself would have answered with it.)
      const earlierAnswer = await storedAnswer();
      if (earlierAnswer) return earlierAnswer;
      // Without If-Match the client asked for no version check: a stream another writer moved between
      // this decision and its append (two command APIs, two Kafka partitions, concurrent requests on one
      // lot) is decided again on the stream as it now stands. Each round lands at least one writer, so
      // the bound only matters under a pile-up; a rule's own 409 (a duplicate step) is answered at once.
      if (context.expectedVersion !== undefined || !isVersionConflict(result) || attempt >= MAX_DECISIONS) return result;
    }
  }

  private async decideAndAppend(
    definition: CommandDefinition,
    payload: object,
    context: CommandContext,
    claim: IdempotencyClaim | undefined,
    cached?: LoadedStream,
  ): Promise<CommandResult> {
    const view = new StoreView(this.store);
    if (cached) view.seed(cached);
    let plan: Plan;
    try {
      plan = await this.plan(definition, payload, context.actor, view);
    } catch (error) {
      if (error instanceof ProblemError) return failed(error.problem);
      throw error;
    }
    // A stale If-Match wins over the rule the newer state breaks, but never reveals a hidden stream.
    if (context.expectedVersion !== undefined && !(isRejection(plan) && plan.kind === 'not-found')) {
      const streamId = definition.streamOf(payload);
      const actual = (await view.load(streamId)).version;
      if (actual !== context.expectedVersion) return failed(toProblem(new WrongExpectedVersion(streamId, context.expectedVersion, actual)));
    }
    if (isRejection(plan)) return this.refuse(plan, context.actor, context.correlationId);
    const requests = plan.appends.map((append, i) =>
      this.request(append, context.actor, context.correlationId, context.idempotencyKey, i === 0 ? claim : undefined),
    );
    try {
      const outcome = requests.length === 1 ? await this.store.append(requests[0]) : (await this.store.appendAtomic(requests))[0];
      await this.remember(view, plan.appends, outcome);
      const answer = written(outcome);
      return plan.reply ? { ...answer, body: { ...answer.body, ...plan.reply } } : answer;
    } catch (error) {
      this.streams.forget(plan.appends.map((a) => a.streamId));
      const answer = storeConflict(error);
      if (answer) return answer;
      throw error;
    }
  }

  /** A single-stream write that landed (not a replayed answer): the stream as it stands now. */
  private async remember(view: StoreView, appends: PlannedAppend[], outcome: AppendOutcome): Promise<void> {
    if (appends.length !== 1 || outcome.replayed) {
      this.streams.forget(appends.map((a) => a.streamId));
      return;
    }
    const loaded = view.peek(appends[0].streamId);
    if (loaded) this.streams.written(await loaded, appends[0], outcome.streamVersion);
    else this.streams.forget([appends[0].streamId]);
  }

  /**
   * Independent commands in order, each answered with the status it would get alone. All are
   * validated first; then each is decided against a view that includes what earlier items decided,
   * and single-stream writes go to the store together in one transaction (appendMany). Multi-stream
   * writes (consumption, split) must be atomic on their own: pending writes are flushed before them.
   */
  async runBatch(commands: RawCommand[], actor: Actor, correlationId: string): Promise<CommandResult[]> {
    const results: CommandResult[] = new Array(commands.length);
    const admitted: Array<{ index: number; definition: CommandDefinition; payload: object; key?: string; claim?: IdempotencyClaim }> = [];
    for (const [index, command] of commands.entries()) {
      if (command.idempotencyKey !== undefined && !isValidIdempotencyKey(command.idempotencyKey)) {
        results[index] = failed(
          problem(400, 'validation', 'The command has 1 invalid field(s).', {
            errors: [{ field: 'idempotencyKey', message: 'idempotencyKey must be 1 to 200 printable ASCII characters' }],
          }),
        );
        continue;
      }
      const admission = await admit(this.catalog, command.type, command.payload, actor);
      if (!isAdmitted(admission)) {
        results[index] = admission;
        continue;
      }
      const key = command.idempotencyKey as string | undefined;
      admitted.push({ index, ...admission, key, claim: this.claim(admission.definition.type, admission.payload, actor, key) });
    }

    const stored = await this.store.findIdempotentMany(admitted.flatMap((item) => (item.claim ? [item.claim.key] : [])));
    const view = new StoreView(this.store);
    await view.prefetch(admitted.flatMap((item) => [item.definition.streamOf(item.payload), ...(item.definition.reads?.(item.payload) ?? [])]));

    const pending: Array<{ index: number; request: AppendRequest }> = [];
    // Items whose stream another writer moved between their decision and the append: decided again,
    // in batch order, once the batch is written (no item has If-Match).
    const moved = new Set<number>();
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      this.streams.forget(pending.map((p) => p.request.streamId));
      const outcomes = await this.store.appendMany(
        pending.map((p) => p.request),
        { chained: true },
      );
      outcomes.forEach((outcome, i) => {
        const { index, request } = pending[i];
        if (outcome.ok) {
          results[index] = written(outcome.result);
        } else {
          results[index] = failed(toProblem(outcome.error));
          if (isVersionConflict(results[index]!)) moved.add(index);
          view.forget([request.streamId]);
        }
      });
      pending.length = 0;
    };
    const decidedKeys = new Map<string, { hash: string; index: number }>();
    const sameAs = new Map<number, number>();

    for (const item of admitted) {
      if (item.claim) {
        const earlier = decidedKeys.get(item.claim.key);
        if (earlier) {
          if (earlier.hash === item.claim.requestHash) sameAs.set(item.index, earlier.index);
          else results[item.index] = failed(toProblem(new IdempotencyKeyReused(item.claim.key)));
          continue;
        }
        const answer = stored.get(item.claim.key);
        if (answer) {
          results[item.index] = answerFromStored(answer, item.claim.requestHash);
          continue;
        }
      }
      let plan: Plan;
      try {
        plan = await this.plan(item.definition, item.payload, actor, view);
      } catch (error) {
        if (error instanceof ProblemError) {
          results[item.index] = failed(error.problem);
          continue;
        }
        this.logger.error({ err: error, type: item.definition.type }, 'batch item failed');
        results[item.index] = failed(problem(500, 'internal', 'An unexpected error occurred; it has been logged.'));
        continue;
      }
      if (isRejection(plan)) {
        if (isRecordedRefusal(plan)) await flush();
        results[item.index] = await this.refuse(plan, actor, correlationId);
        if (isRecordedRefusal(plan)) view.forget(plan.record.map((a) => a.streamId));
        continue;
      }
      if (item.claim) decidedKeys.set(item.claim.key, { hash: item.claim.requestHash, index: item.index });
      view.assume(plan.appends);
      const requests = plan.appends.map((append, i) => this.request(append, actor, correlationId, item.key, i === 0 ? item.claim : undefined));
      if (requests.length === 1) {
        pending.push({ index: item.index, request: requests[0] });
        continue;
      }
      await flush();
      try {
        // The claim was among the stored answers read above and had none: no second lookup per item.
        this.streams.forget(requests.map((r) => r.streamId));
        results[item.index] = written((await this.store.appendAtomic(requests, { claimLookedUp: true }))[0]);
      } catch (error) {
        const answer = storeConflict(error);
        if (!answer) throw error;
        results[item.index] = answer;
        if (isVersionConflict(answer)) moved.add(item.index);
        view.forget(requests.map((r) => r.streamId));
      }
    }
    await flush();
    for (const item of admitted) {
      if (!moved.has(item.index)) continue;
      results[item.index] = await this.run(item.definition.type, item.payload, { actor, correlationId, idempotencyKey: item.key });
    }
    for (const [index, first] of sameAs) results[index] = results[first];
    return results;
  }

  /**
   * Commands that stand or fall together (the commands one B2MML noun becomes): every one is admitted
   * and decided first, each against a view that includes what the earlier ones decided, and only when
   * none is refused are all their appends written in one store transaction (appendAtomic), so a
   * refusal or a conflict anywhere stores nothing. A refused command gets its own answer and every
   * other unwritten one 424 `not-written`. Commands answered earlier by their idempotency keys get the
   * stored answers again. A refusal that records an attempt (a failed signature) records nothing here.
   */
  async runAllOrNothing(commands: RawCommand[], actor: Actor, correlationId: string): Promise<CommandResult[]> {
    const results: Array<CommandResult | undefined> = new Array(commands.length).fill(undefined);
    const notWritten = (): CommandResult[] =>
      results.map(
        (result, index) =>
          result ??
          failed(
            problem(
              424,
              'not-written',
              `Not written: another command of the same group was refused; the group is stored all or nothing (command ${index + 1}).`,
            ),
          ),
      );
    const admitted: Array<{ index: number; definition: CommandDefinition; payload: object; key?: string; claim?: IdempotencyClaim }> = [];
    for (const [index, command] of commands.entries()) {
      if (command.idempotencyKey !== undefined && !isValidIdempotencyKey(command.idempotencyKey)) {
        results[index] = failed(
          problem(400, 'validation', 'The command has 1 invalid field(s).', {
            errors: [{ field: 'idempotencyKey', message: 'idempotencyKey must be 1 to 200 printable ASCII characters' }],
          }),
        );
        return notWritten();
      }
      const admission = await admit(this.catalog, command.type, command.payload, actor);
      if (!isAdmitted(admission)) {
        results[index] = admission;
        return notWritten();
      }
      const key = command.idempotencyKey as string | undefined;
      admitted.push({ index, ...admission, key, claim: this.claim(admission.definition.type, admission.payload, actor, key) });
    }
    const stored = await this.store.findIdempotentMany(admitted.flatMap((item) => (item.claim ? [item.claim.key] : [])));
    const view = new StoreView(this.store);
    await view.prefetch(admitted.flatMap((item) => [item.definition.streamOf(item.payload), ...(item.definition.reads?.(item.payload) ?? [])]));
    const requests: AppendRequest[] = [];
    const owners: Array<{ index: number; first: number; reply?: Record<string, unknown> }> = [];
    for (const item of admitted) {
      const answer = item.claim && stored.get(item.claim.key);
      if (answer && item.claim) {
        results[item.index] = answerFromStored(answer, item.claim.requestHash);
        if (results[item.index]!.status >= 400) return notWritten();
        continue;
      }
      let plan: Plan;
      try {
        plan = await this.plan(item.definition, item.payload, actor, view);
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
        results[item.index] = failed(error.problem);
        return notWritten();
      }
      if (isRejection(plan)) {
        results[item.index] = rejected(plan);
        return notWritten();
      }
      view.assume(plan.appends);
      owners.push({ index: item.index, first: requests.length, ...(plan.reply ? { reply: plan.reply as Record<string, unknown> } : {}) });
      requests.push(...plan.appends.map((append, i) => this.request(append, actor, correlationId, item.key, i === 0 ? item.claim : undefined)));
    }
    if (requests.length === 0) return notWritten();
    this.streams.forget(requests.map((r) => r.streamId));
    try {
      const outcomes = await this.store.appendAtomic(requests, { claimLookedUp: true });
      for (const owner of owners) {
        const answer = written(outcomes[owner.first]);
        results[owner.index] = owner.reply ? { ...answer, body: { ...answer.body, ...owner.reply } } : answer;
      }
    } catch (error) {
      const answer = storeConflict(error);
      if (!answer) throw error;
      for (const owner of owners) results[owner.index] = answer;
    }
    return notWritten();
  }

  /** The refusal's answer, after appending what it records (a failed signature attempt), if anything. */
  private async refuse(plan: Rejection | RecordedRefusal, actor: Actor, correlationId: string): Promise<CommandResult> {
    if (isRecordedRefusal(plan) && plan.record.length > 0) {
      try {
        await this.store.appendAtomic(plan.record.map((append) => this.request(append, actor, correlationId, undefined)));
      } catch (error) {
        // Two failed attempts at once: the second one's record lost the race; its refusal stands.
        if (!storeConflict(error)) throw error;
      }
      this.streams.forget(plan.record.map((a) => a.streamId));
    }
    return rejected(plan);
  }

  private plan(definition: CommandDefinition, payload: object, actor: Actor, view: StreamView): Promise<Plan> {
    const now = this.clock().toISOString();
    return this.commandBus.execute(new definition.command(payload, view, actor, now));
  }

  private claim(type: string, payload: object, actor: Actor, key: string | undefined): IdempotencyClaim | undefined {
    return key === undefined ? undefined : { key: namespacedKey(actor.keyId, key), requestHash: requestHash(type, withoutSecrets(payload)) };
  }

  private request(append: PlannedAppend, actor: Actor, correlationId: string, idempotencyKey: string | undefined, claim?: IdempotencyClaim): AppendRequest {
    return {
      streamId: append.streamId,
      expectedVersion: append.expectedVersion,
      events: append.events,
      metadata: {
        actor: { keyId: actor.keyId, role: actor.role, label: actor.label },
        siteId: append.siteId,
        correlationId,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      },
      ...(claim ? { idempotency: claim } : {}),
    };
  }
}
