import { Module } from '@nestjs/common';
import { PersonnelModule } from '@lotstream/personnel';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { CorrectEventHandler } from './correction/correct-event/correct-event.handler';
import { VoidEventHandler } from './correction/void-event/void-event.handler';
import { ReleaseLotHandler } from './release/release-lot/release-lot.handler';
import { ReleaseReadinessController } from './release/release-readiness.controller';
import type { Pool } from 'pg';
import type { EventStore } from '@lotstream/event-store';
import { EVENT_STORE, PG_POOL } from '@lotstream/platform';
import { ApproveFirstArticleHandler } from './first-article/approve-first-article/approve-first-article.handler';
import { FirstArticleQuery } from './first-article/first-article.query';
import { RecordInspectionHandler } from './inspection/record-inspection/record-inspection.handler';
import { DispositionNonconformanceHandler } from './nonconformance/disposition-nonconformance/disposition-nonconformance.handler';
import { RaiseNonconformanceHandler } from './nonconformance/raise-nonconformance/raise-nonconformance.handler';
import { qualityCommands } from './quality.commands';
import { QualityController } from './quality.controller';

const commandHandlers = [
  RecordInspectionHandler,
  RaiseNonconformanceHandler,
  DispositionNonconformanceHandler,
  ReleaseLotHandler,
  ApproveFirstArticleHandler,
  CorrectEventHandler,
  VoidEventHandler,
];

/** Quality writes: inspections, nonconformances and the signed lot release, on the lot's stream; release readiness. */
@Module({
  imports: [RecordingModule, PersonnelModule],
  controllers: [QualityController, ReleaseReadinessController],
  providers: [
    ...commandHandlers,
    { provide: FirstArticleQuery, inject: [EVENT_STORE, PG_POOL], useFactory: (store: EventStore, pool: Pool) => new FirstArticleQuery(store, pool) },
  ],
})
export class QualityModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(qualityCommands);
  }
}
