import { READ_MODEL_SCHEMA } from '@lotstream/messaging';
import { calibrationImpact, ImpactOutcome } from './calibration-impact/calibration-impact.query';
import { equipmentStatus, EquipmentStatusView } from './equipment-calibration/equipment-status.query';
import { Direction, Genealogy, lotGenealogy } from './lot-genealogy/lot-genealogy.query';
import { LotHistory, lotHistory } from './lot-history/lot-history.query';
import { LotSummary, lotSummary } from './lot-summary/lot-summary.query';
import { PrototypeBuildRecord, prototypeBuildRecord } from './prototype-build-record/prototype-build.query';
import { msaStudy, MsaStudyView } from './measurement-systems/msa-studies.query';
import { ALL_SITES, Queryable, readSchema, SiteScope } from './query-context';
import { DocumentView, documentView, TrainingGaps, trainingGaps } from './work-conditions/documents.query';
import { PersonImpact, personImpact, PersonView, personView } from './work-conditions/people.query';

/**
 * Plain query functions over the traceability read models, usable from a controller, the CLI or a
 * benchmark: `new LotQueries(pool).history('L-1')`. Anything of a site out of `scope` is answered
 * as unknown (undefined). `schema` is the live read-model schema unless told otherwise.
 */
export class LotQueries {
  private readonly schema: string;
  constructor(
    private readonly db: Queryable,
    schema: string = READ_MODEL_SCHEMA,
  ) {
    this.schema = readSchema(schema);
  }

  summary(lotNumber: string, scope: SiteScope = ALL_SITES): Promise<LotSummary | undefined> {
    return lotSummary(this.db, this.schema, lotNumber, scope);
  }

  history(lotNumber: string, scope: SiteScope = ALL_SITES): Promise<LotHistory | undefined> {
    return lotHistory(this.db, this.schema, lotNumber, scope);
  }

  genealogy(lotNumber: string, options: { direction: Direction; depth?: number }, scope: SiteScope = ALL_SITES): Promise<Genealogy | undefined> {
    return lotGenealogy(this.db, this.schema, lotNumber, options, scope);
  }
}

export class EquipmentQueries {
  private readonly schema: string;
  constructor(
    private readonly db: Queryable,
    schema: string = READ_MODEL_SCHEMA,
  ) {
    this.schema = readSchema(schema);
  }

  status(equipmentId: string, now: Date, scope: SiteScope = ALL_SITES): Promise<EquipmentStatusView | undefined> {
    return equipmentStatus(this.db, this.schema, equipmentId, now, scope);
  }

  impact(equipmentId: string, options: { calibrationId?: string } = {}, scope: SiteScope = ALL_SITES): Promise<ImpactOutcome> {
    return calibrationImpact(this.db, this.schema, equipmentId, options, scope);
  }

  msaStudy(equipmentId: string, studyId: string, scope: SiteScope = ALL_SITES): Promise<MsaStudyView | undefined> {
    return msaStudy(this.db, this.schema, equipmentId, studyId, scope);
  }
}

export class PrototypeQueries {
  private readonly schema: string;
  constructor(
    private readonly db: Queryable,
    schema: string = READ_MODEL_SCHEMA,
  ) {
    this.schema = readSchema(schema);
  }

  buildRecord(buildId: string, scope: SiteScope = ALL_SITES): Promise<PrototypeBuildRecord | undefined> {
    return prototypeBuildRecord(this.db, this.schema, buildId, scope);
  }
}

/** People and controlled documents: qualifications and revisions with their answers at the moment of work. */
export class PeopleDocumentQueries {
  private readonly schema: string;

  constructor(
    private readonly db: Queryable,
    schema: string = READ_MODEL_SCHEMA,
  ) {
    this.schema = readSchema(schema);
  }

  person(personId: string, now: Date, scope: SiteScope = ALL_SITES): Promise<PersonView | undefined> {
    return personView(this.db, this.schema, personId, now, scope);
  }

  impact(personId: string, scope: SiteScope = ALL_SITES): Promise<PersonImpact | undefined> {
    return personImpact(this.db, this.schema, personId, scope);
  }

  document(documentId: string, now: Date, scope: SiteScope = ALL_SITES): Promise<DocumentView | undefined> {
    return documentView(this.db, this.schema, documentId, now, scope);
  }

  trainingGaps(documentId: string, now: Date, scope: SiteScope = ALL_SITES): Promise<TrainingGaps | undefined> {
    return trainingGaps(this.db, this.schema, documentId, now, scope);
  }
}
