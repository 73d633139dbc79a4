import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ADMIN_ROLES, CurrentActor, Roles } from '@lotstream/access';
import { ProjectionRebuild, ProjectionRunner, RebuildAlreadyRunning, RebuildProgress } from '@lotstream/messaging';
import { CLOCK, Clock, problem, ProblemError } from '@lotstream/platform';
import { GlobalCheckpoint, GlobalCheckpoints } from '../checkpoints/global-checkpoint';
import { LIVE_READ_MODELS, LiveReadModels } from '../audit.tokens';

export interface ProjectionsStatus {
  schema: string;
  readModels: string[];
  transport: 'in-process' | 'elsewhere';
  lag: { events: number; seconds: number };
  checkpoints: Record<string, string>;
  rebuild: RebuildProgress | null;
}

/** Operations on the audit machinery: global checkpoints and blue/green read-model rebuilds. */
@ApiTags('admin')
@Controller('v1/admin')
@Roles(...ADMIN_ROLES)
export class AuditAdminController {
  constructor(
    private readonly checkpoints: GlobalCheckpoints,
    private readonly rebuild: ProjectionRebuild,
    @Inject(LIVE_READ_MODELS) private readonly live: LiveReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('audit/checkpoints')
  @ApiOperation({
    summary: 'Record a global checkpoint now',
    description: 'A digest of every stream head at this instant, chained to the previous checkpoint.',
  })
  @ApiCreatedResponse({ description: 'The checkpoint; keep its `hash` outside Lotstream to anchor it.' })
  async checkpoint(@CurrentActor() actor: Actor): Promise<GlobalCheckpoint> {
    return (await this.checkpoints.record(`key:${actor.keyId}`))!;
  }

  @Post('projections/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild every read model from the store',
    description: 'Builds into a fresh schema while queries keep answering from the live one, then swaps atomically. Follow it on GET /v1/admin/projections.',
  })
  @ApiAcceptedResponse({ description: '`{rebuildId, state, ...}`' })
  @ApiConflictResponse({ description: 'A rebuild is already running.' })
  async startRebuild(): Promise<RebuildProgress> {
    try {
      return await this.rebuild.start();
    } catch (error) {
      if (error instanceof RebuildAlreadyRunning) throw new ProblemError(problem(409, 'rebuild-running', error.message));
      throw error;
    }
  }

  @Get('projections')
  @ApiOperation({ summary: 'Read models: lag, checkpoints and the progress of the current or last rebuild' })
  async projections(): Promise<ProjectionsStatus> {
    const runner: ProjectionRunner = this.live.runner ?? this.live.observer;
    const [lag, checkpoints] = await Promise.all([runner.lag(this.clock()), runner.checkpoints().catch(() => ({}))]);
    return {
      schema: runner.schema,
      readModels: runner.readModels.map((m) => m.name),
      transport: this.live.runner ? 'in-process' : 'elsewhere',
      lag,
      checkpoints,
      rebuild: this.rebuild.progress ?? null,
    };
  }
}
