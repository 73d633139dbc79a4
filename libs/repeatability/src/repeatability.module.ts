import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { READ_MODEL_SCHEMA, type ReadModel } from '@lotstream/messaging';
import type { EventStore } from '@lotstream/event-store';
import { EVENT_STORE, PG_POOL } from '@lotstream/platform';
import { FirstArticleQuery } from '@lotstream/quality';
import { CharacteristicCapabilityController } from './characteristic-capability/characteristic-capability.controller';
import { characteristicCapabilityReadModel } from './characteristic-capability/characteristic-capability.projection';
import { CharacteristicCapabilityQuery } from './characteristic-capability/characteristic-capability.query';
import { PartConsistencyController } from './part-consistency/part-consistency.controller';
import { partConsistencyReadModel } from './part-consistency/part-consistency.projection';
import { PartConsistencyQuery } from './part-consistency/part-consistency.query';
import { ALL_SITES, loadDocumentsOfRevisions, loadPeople, materialSourcesOf, studiesOfCharacteristic } from '@lotstream/traceability';

/** Read models of this context, registered in ALL_READ_MODELS (libs/schema). */
export const REPEATABILITY_READ_MODELS: ReadModel[] = [characteristicCapabilityReadModel, partConsistencyReadModel];

const queries = [
  {
    provide: CharacteristicCapabilityQuery,
    inject: [PG_POOL],
    useFactory: (pool: Pool) =>
      // Gauge R&R studies and where each lot's material came from (backward genealogy), both from the traceability read model.
      new CharacteristicCapabilityQuery(
        pool,
        undefined,
        (partNumber, characteristicId, gaugeIds) => studiesOfCharacteristic(pool, READ_MODEL_SCHEMA, partNumber, characteristicId, gaugeIds),
        (lotNumbers, sites) => materialSourcesOf(pool, READ_MODEL_SCHEMA, lotNumbers, sites ?? ALL_SITES),
      ),
  },
  {
    provide: PartConsistencyQuery,
    inject: [PG_POOL, EVENT_STORE],
    useFactory: (pool: Pool, store: EventStore) => {
      // People and documents from the traceability read model: the same facts the lot history judges;
      // the first-article due state from the event store, as GET /v1/parts/{p}/first-article-status answers it.
      const firstArticle = new FirstArticleQuery(store, pool);
      return new PartConsistencyQuery(pool, undefined, { people: loadPeople, documents: loadDocumentsOfRevisions }, (partNumber, sites) =>
        firstArticle.status(partNumber, sites),
      );
    },
  },
];
const controllers = [CharacteristicCapabilityController, PartConsistencyController];

/** Capability and consistency queries over HTTP (the read models themselves run in the projector). */
@Module({ controllers, providers: queries, exports: queries })
export class RepeatabilityModule {}
