import { msaStudiesReadModel } from './measurement-systems/msa-studies.projection';
import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import type { ReadModel } from '@lotstream/messaging';
import { PG_POOL } from '@lotstream/platform';
import { equipmentUsesReadModel } from './calibration-impact/equipment-uses.projection';
import { equipmentCalibrationReadModel } from './equipment-calibration/equipment-calibration.projection';
import { EquipmentController } from './http/equipment.controller';
import { LotsController } from './http/lots.controller';
import { PrototypesController } from './http/prototypes.controller';
import { lotGenealogyReadModel } from './lot-genealogy/lot-genealogy.projection';
import { lotHistoryReadModel } from './lot-history/lot-history.projection';
import { lotSummaryReadModel } from './lot-summary/lot-summary.projection';
import { prototypeBuildReadModel } from './prototype-build-record/prototype-build.projection';
import { PeopleDocumentsController } from './http/people-documents.controller';
import { EquipmentQueries, LotQueries, PeopleDocumentQueries, PrototypeQueries } from './traceability.queries';
import { peopleDocumentsReadModel } from './work-conditions/people-documents.projection';

/** Read models of this context, registered in ALL_READ_MODELS (libs/schema). */
export const TRACEABILITY_READ_MODELS: ReadModel[] = [
  lotSummaryReadModel,
  lotHistoryReadModel,
  lotGenealogyReadModel,
  equipmentCalibrationReadModel,
  equipmentUsesReadModel,
  prototypeBuildReadModel,
  peopleDocumentsReadModel,
  msaStudiesReadModel,
];

const queries = [
  { provide: LotQueries, inject: [PG_POOL], useFactory: (pool: Pool) => new LotQueries(pool) },
  { provide: EquipmentQueries, inject: [PG_POOL], useFactory: (pool: Pool) => new EquipmentQueries(pool) },
  { provide: PrototypeQueries, inject: [PG_POOL], useFactory: (pool: Pool) => new PrototypeQueries(pool) },
  { provide: PeopleDocumentQueries, inject: [PG_POOL], useFactory: (pool: Pool) => new PeopleDocumentQueries(pool) },
];
const controllers = [LotsController, EquipmentController, PrototypesController, PeopleDocumentsController];

/** Traceability queries over HTTP (the read models themselves run in the projector). */
@Module({ controllers, providers: queries, exports: queries })
export class TraceabilityModule {}
