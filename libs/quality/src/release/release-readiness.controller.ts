import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Actor, canSeeSite, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import type { EventStore } from '@lotstream/event-store';
import { asCorrected, releaseStatusOf } from '@lotstream/domain';
import { EVENT_STORE, problem, ProblemError } from '@lotstream/platform';
import { lotStreamId } from '@lotstream/production/domain';
import { IdentifierPipe, StoreView } from '@lotstream/recording';
import { loadReleaseGateRecords } from './release-gate-records';
import { isReady, ReleaseGate, releaseGates } from './release-gates';

export interface ReleaseReadiness {
  lotNumber: string;
  ready: boolean;
  gates: ReleaseGate[];
  /** The lot stream version the gates were judged at (send it as If-Match with the release). */
  streamVersion: number;
  /** The latest release: in force, or superseded by a later correction or void (the lot needs a new release). */
  release: ReturnType<typeof releaseStatusOf>;
}

/** Whether a lot may be released now, judged from its stream exactly as ReleaseLot judges it. */
@ApiTags('quality')
@Controller()
export class ReleaseReadinessController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('v1/lots/:lotNumber/release-readiness')
  @Roles(...READ_ROLES)
  @ApiParam({ name: 'lotNumber', example: 'L-2026-0001' })
  @ApiOperation({
    summary: 'Release readiness of a lot',
    description:
      '`{ready, gates: [{gate, passed, details, unknown?}], release: {status: none|in-force|superseded}}` from the lot stream (as corrected) and the equipment, person, document and material lot streams it names ' +
      '(never a lagging read model). An `unknown` answer (unregistered operator, equipment never calibrated, material without IQC) fails its gate. ' +
      'Another site’s lot → 404.',
  })
  async readiness(@CurrentActor() actor: Actor, @Param('lotNumber', IdentifierPipe) lotNumber: string): Promise<ReleaseReadiness> {
    const events = await this.store.readStream(lotStreamId(lotNumber));
    const registered = events.find((e) => e.type === 'LotRegistered');
    if (!registered || !canSeeSite(actor, String(registered.data.siteId)))
      throw new ProblemError(problem(404, 'lot-not-found', `Lot ${lotNumber} was not found.`));
    // Gates judge the record as corrected: a voided inspection is not an OQC, a corrected one counts as corrected.
    const corrected = asCorrected(events);
    const records = await loadReleaseGateRecords(new StoreView(this.store), lotNumber, corrected as { type: string; data: Record<string, unknown> }[]);
    const gates = releaseGates(lotNumber, corrected, records);
    return { lotNumber, ready: isReady(gates), gates, streamVersion: events.at(-1)?.streamVersion ?? 0, release: releaseStatusOf(events) };
  }
}
