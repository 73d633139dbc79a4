import { Body, Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor, canSeeSite, CurrentActor, READ_ROLES, ADMIN_ROLES, Roles } from '@lotstream/access';
import type { EventStore } from '@lotstream/event-store';
import { EVENT_STORE, problem, ProblemError } from '@lotstream/platform';
import { CommandRoute, CommandWriter, IdentifierPipe, Write, WriteHeaders, WriteResponse } from '@lotstream/recording';
import { SET_SITE_POLICY } from './site-policy/set-site-policy/set-site-policy.command';
import { SetSitePolicyBody } from './site-policy/set-site-policy/set-site-policy.dto';
import { fold } from '@lotstream/domain';
import { DEFAULT_SITE_POLICY, SiteEvent, SitePolicy, siteStreamId } from './site-policy/site-policy.events';
import { evolveSitePolicy } from './site-policy/site-policy.state';

export interface SitePolicyView extends SitePolicy {
  siteId: string;
  /** Version of the site stream (0: never set, every rule record). */
  version: number;
  setAt: string | null;
}

/** A site's work-condition policy: set by an admin, read by anyone who sees the site. */
@ApiTags('sites')
@Controller()
export class SitesController {
  constructor(
    private readonly writer: CommandWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @CommandRoute(SET_SITE_POLICY)
  set(
    @Param('siteId', IdentifierPipe) siteId: string,
    @Body() body: SetSitePolicyBody,
    @CurrentActor() actor: Actor,
    @Write() headers: WriteHeaders,
  ): Promise<WriteResponse> {
    return this.writer.write(SET_SITE_POLICY, { ...body, siteId }, actor, headers);
  }

  @Get('v1/sites/:siteId/policy')
  @Roles(...ADMIN_ROLES, ...READ_ROLES)
  @ApiParam({ name: 'siteId', example: 'SITE-A' })
  @ApiOperation({ summary: "A site's work-condition policy now", description: 'Read from the site stream itself (never from a lagging read model).' })
  async get(@CurrentActor() actor: Actor, @Param('siteId', IdentifierPipe) siteId: string): Promise<SitePolicyView> {
    if (!canSeeSite(actor, siteId)) throw new ProblemError(problem(404, 'not-found', `Site ${siteId} was not found.`));
    const events = await this.store.readStream(siteStreamId(siteId));
    const last = events.filter((e) => e.type === 'SitePolicySet').at(-1);
    const policy: SitePolicy = fold({ initialState: DEFAULT_SITE_POLICY, evolve: evolveSitePolicy }, events as unknown as SiteEvent[]);
    return { siteId, ...policy, version: events.length, setAt: last ? last.recordedAt : null };
  }
}
