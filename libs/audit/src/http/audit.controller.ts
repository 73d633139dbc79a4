import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, AUDIT_ROLES, canSeeSite, CurrentActor, Roles } from '@lotstream/access';
import { decodeCheckpoint, EventStore, RecordedEvent } from '@lotstream/event-store';
import { EVENT_STORE, problem, ProblemError } from '@lotstream/platform';
import { GlobalCheckpoint, GlobalCheckpoints } from '../checkpoints/global-checkpoint';
import { AuditEvent, toAuditEvent } from '../export/audit-event';
import { exportEvents } from '../export/event-export';
import { StreamAsOf, StreamReplay } from '../replay/stream-replay';
import { AuditVerifier, AuditVerifyResult, WHOLE_STORE } from '../verify/audit-verifier';
import { AuditEventsQuery, StreamAsOfQuery, VerifyQuery } from './audit-query.dto';

const NDJSON = 'application/x-ndjson';
const STREAM_ID = /^[A-Za-z0-9._:/-]{1,200}$/;

/** A key limited to some sites sees the events recorded for those sites only. */
function mayRead(actor: Actor, event: Pick<RecordedEvent, 'metadata'>): boolean {
  if (actor.sites.includes('*')) return true;
  const site = event.metadata?.siteId;
  return typeof site === 'string' && canSeeSite(actor, site);
}

const invalidCursor = (after: string): ProblemError =>
  new ProblemError(
    problem(400, 'invalid-cursor', `"${after}" is not a cursor of this log: pass the "next" of a previous page or an event's "cursor".`, {
      errors: [{ field: 'after', message: 'unknown cursor format' }],
    }),
  );

/** The auditor's view: the global log, a stream as of a moment, and tamper verification. */
@ApiTags('audit')
@Controller('v1/audit')
@Roles(...AUDIT_ROLES)
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly replay: StreamReplay,
    private readonly verifier: AuditVerifier,
    private readonly checkpoints: GlobalCheckpoints,
  ) {}

  @Get('events')
  @ApiOperation({
    summary: 'The global event log in safe order',
    description:
      'Events exactly as stored (hashes can be recomputed). JSON pages `{events, next}`; with `Accept: application/x-ndjson` ' +
      "one event per line, streamed with constant memory for exports. `after` is opaque: the `next` of a page or an event's `cursor`.",
  })
  @ApiProduces('application/json', NDJSON)
  async events(@Query() query: AuditEventsQuery, @CurrentActor() actor: Actor, @Req() request: Request, @Res() response: Response): Promise<void> {
    const after = decodeCheckpoint(query.after);
    if (!after) throw invalidCursor(query.after!);
    if ((request.headers.accept ?? '').includes(NDJSON)) {
      await this.streamNdjson(query, actor, request, response);
      return;
    }
    const page = await this.store.readAll(after, query.limit ?? 100, { upcast: false });
    const body: { events: AuditEvent[]; next: string } = { events: page.events.filter((e) => mayRead(actor, e)).map(toAuditEvent), next: page.next };
    response.status(200).json(body);
  }

  private async streamNdjson(query: AuditEventsQuery, actor: Actor, request: Request, response: Response): Promise<void> {
    let gone = false;
    request.on('close', () => {
      gone = true;
    });
    response.status(200);
    response.setHeader('Content-Type', `${NDJSON}; charset=utf-8`);
    response.setHeader('Cache-Control', 'no-store');
    response.flushHeaders();
    try {
      if (query.limit) {
        const page = await this.store.readAll(decodeCheckpoint(query.after)!, query.limit, { upcast: false });
        const lines = page.events.filter((e) => mayRead(actor, e)).map((e) => `${JSON.stringify(toAuditEvent(e))}\n`);
        response.end(lines.join(''));
        return;
      }
      await exportEvents(this.store, response, {
        after: query.after,
        include: (event) => mayRead(actor, event),
        stopped: () => gone || response.destroyed,
      });
      response.end();
    } catch (error) {
      // Headers are gone: a truncated body (no final newline) is how the client learns of it.
      response.destroy(error as Error);
    }
  }

  @Get('streams/:streamId')
  @ApiParam({ name: 'streamId', example: 'lot-L-2026-0001' })
  @ApiOperation({
    summary: 'A stream as the record showed it at a moment or version, and the state it folds into',
    description:
      '`asOf` compares with recorded-at (facts entered later are not shown even when they occurred earlier); `version` stops at ' +
      "that stream version; both may be given. The state is the fold of exactly those events with the command side's evolve.",
  })
  async stream(@Param('streamId') streamId: string, @Query() query: StreamAsOfQuery, @CurrentActor() actor: Actor): Promise<StreamAsOf> {
    const notFound = new ProblemError(problem(404, 'not-found', `Stream ${streamId} does not exist.`));
    if (!STREAM_ID.test(streamId)) {
      throw new ProblemError(
        problem(400, 'validation', 'The request has 1 invalid field(s).', {
          errors: [{ field: 'streamId', message: 'streamId must be 1–200 of [A-Za-z0-9._:/-]' }],
        }),
      );
    }
    await this.assertStreamVisible(actor, streamId, notFound);
    const replayed = await this.replay.replay(streamId, { asOf: query.asOf, toVersion: query.version });
    if (!replayed) throw notFound;
    return replayed;
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Hash-chain verification',
    description:
      'Recomputes every link of every stream (or of `streamId`), checks stream heads, and for the whole store compares it with the ' +
      'latest global checkpoint (or the one of `checkpointHash`): a removed stream tail or a removed stream shows there. ' +
      '`firstBroken.streamId` is "*" for a break found against a checkpoint (the store as a whole).',
  })
  @ApiOkResponse({ description: '`{ok, checked, firstBroken?: {streamId, streamVersion, position, reason}, checkpoint?}`' })
  async verify(@Query() query: VerifyQuery, @CurrentActor() actor: Actor): Promise<AuditVerifyResult> {
    if (query.streamId) {
      await this.assertStreamVisible(actor, query.streamId, new ProblemError(problem(404, 'not-found', `Stream ${query.streamId} does not exist.`)));
    }
    const result = await this.verifier.verify({ streamId: query.streamId, checkpointHash: query.checkpointHash });
    const broken = result.firstBroken;
    if (broken && broken.streamId !== WHOLE_STORE && !actor.sites.includes('*')) {
      // Do not reveal another site's stream: say where the store is broken only when the key may see it.
      const site = await this.replay.siteOf(broken.streamId);
      if (!site || !canSeeSite(actor, site))
        result.firstBroken = { streamId: WHOLE_STORE, streamVersion: 0, position: '', reason: 'a stream of another site is broken' };
    }
    return result;
  }

  @Get('checkpoints')
  @ApiOperation({
    summary: 'Global checkpoints, newest first',
    description: "Keep a copy of a checkpoint's `hash` outside Lotstream: verify can then prove the store still matches it.",
  })
  async listCheckpoints(): Promise<{ checkpoints: GlobalCheckpoint[] }> {
    return { checkpoints: await this.checkpoints.list(100) };
  }

  private async assertStreamVisible(actor: Actor, streamId: string, notFound: ProblemError): Promise<void> {
    if (actor.sites.includes('*')) return;
    const site = await this.replay.siteOf(streamId);
    if (!site || !canSeeSite(actor, site)) throw notFound;
  }
}
