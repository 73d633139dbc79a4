import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import type { EventStore } from '@lotstream/event-store';
import { EVENT_STORE, PG_POOL } from '@lotstream/platform';
import { FirstArticleController } from './first-article.controller';
import { FirstArticleQuery } from './first-article.query';

/** First article reads (query side): assembled from the event store, not a read model. */
@Module({
  controllers: [FirstArticleController],
  providers: [
    { provide: FirstArticleQuery, inject: [EVENT_STORE, PG_POOL], useFactory: (store: EventStore, pool: Pool) => new FirstArticleQuery(store, pool) },
  ],
})
export class FirstArticleReadModule {}
