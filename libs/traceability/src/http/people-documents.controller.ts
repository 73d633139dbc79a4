import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, READ_ROLES, Roles } from '@lotstream/access';
import { CLOCK, type Clock, problem, ProblemError } from '@lotstream/platform';
import { IdentifierPipe } from '@lotstream/recording';
import { PeopleDocumentQueries } from '../traceability.queries';
import type { DocumentView, TrainingGaps } from '../work-conditions/documents.query';
import type { PersonImpact, PersonView } from '../work-conditions/people.query';

const PERSON_PARAM = { name: 'personId', example: 'OPR-117', description: '1–64 of [A-Za-z0-9._:/-]' };
const DOCUMENT_PARAM = { name: 'documentId', example: 'SOP-TURN', description: '1–64 of [A-Za-z0-9._:/-]' };

const personNotFound = (personId: string): ProblemError => new ProblemError(problem(404, 'not-found', `Person ${personId} was not found.`));
const documentNotFound = (documentId: string): ProblemError => new ProblemError(problem(404, 'not-found', `Document ${documentId} was not found.`));

/** People and controlled documents, with the answers "qualified at the moment of work" and "revision in force". */
@ApiTags('traceability')
@Controller('v1')
@Roles(...READ_ROLES)
export class PeopleDocumentsController {
  constructor(
    @Inject(PeopleDocumentQueries) private readonly queries: PeopleDocumentQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('personnel/:personId')
  @ApiParam(PERSON_PARAM)
  @ApiOperation({
    summary: 'A person: qualifications with status now, trainings, steps performed',
    description:
      'Qualification status now: valid, expired, revoked or not-yet-valid. Steps: the latest 200 performed (stepsTotal counts all), each with whether the person was qualified for it, and trained on the revision used, at the time.',
  })
  async person(@CurrentActor() actor: Actor, @Param('personId', IdentifierPipe) personId: string): Promise<PersonView> {
    const view = await this.queries.person(personId, this.clock(), actor.sites);
    if (!view) throw personNotFound(personId);
    return view;
  }

  @Get('personnel/:personId/impact')
  @ApiParam(PERSON_PARAM)
  @ApiOperation({
    summary: 'Recall scope of work done by a person while not qualified',
    description:
      'The steps the person performed while not qualified for the operation (expired, revoked — retroactively too — or never granted) or not trained on the revision used; their lots, every lot reached forward from them, and their shipments and customers.',
  })
  async impact(@CurrentActor() actor: Actor, @Param('personId', IdentifierPipe) personId: string): Promise<PersonImpact> {
    const impact = await this.queries.impact(personId, actor.sites);
    if (!impact) throw personNotFound(personId);
    return impact;
  }

  @Get('documents/:documentId')
  @ApiParam(DOCUMENT_PARAM)
  @ApiOperation({
    summary: 'A controlled document: revisions with their effective windows, and the one in force now',
    description: 'Each revision is in force from its effectiveFrom until the next revision takes over or it is obsoleted.',
  })
  async document(@CurrentActor() actor: Actor, @Param('documentId', IdentifierPipe) documentId: string): Promise<DocumentView> {
    const view = await this.queries.document(documentId, this.clock(), actor.sites);
    if (!view) throw documentNotFound(documentId);
    return view;
  }

  @Get('documents/:documentId/training-gaps')
  @ApiParam(DOCUMENT_PARAM)
  @ApiOperation({
    summary: 'Training gaps of a document',
    description:
      'untrainedWork: steps performed under a revision requiring training by people not trained on it when the step began. untrainedQualified: people of the document’s site qualified now on an operation of the revision in force, not yet trained on it.',
  })
  async gaps(@CurrentActor() actor: Actor, @Param('documentId', IdentifierPipe) documentId: string): Promise<TrainingGaps> {
    const gaps = await this.queries.trainingGaps(documentId, this.clock(), actor.sites);
    if (!gaps) throw documentNotFound(documentId);
    return gaps;
  }
}
